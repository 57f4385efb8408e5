using System.Text.Json.Serialization;

namespace CloverExport.Emulator;

/// <summary>
/// What a merchant's objects of one type looked like at <see cref="AsOf"/>: those whose
/// <see cref="Field"/> falls in the range, each in its state at that moment, in createdTime order, and
/// the objects of the range deleted by then.
/// </summary>
public sealed record GroundTruthSnapshot(
    string MerchantId,
    string Type,
    FilterField Field,
    long AsOf,
    IReadOnlyList<GroundTruthObject> Objects,
    IReadOnlyList<DeletedObject> Deleted)
{
    public IReadOnlyList<string> Ids => Objects.Select(o => o.Id).ToList();
}

/// <param name="Hash">Lower-case hex SHA-256 of <paramref name="Json"/>.</param>
/// <param name="Json">The object exactly as an export file written at AsOf would hold it (without FilePaddingBytes).</param>
public sealed record GroundTruthObject(string Id, long CreatedTime, long ModifiedTime, string Hash, [property: JsonIgnore] string Json);

/// <summary>An object deleted at <see cref="DeletedTime"/> (exports taken later leave it out).</summary>
public sealed record DeletedObject(string Id, long CreatedTime, long DeletedTime);

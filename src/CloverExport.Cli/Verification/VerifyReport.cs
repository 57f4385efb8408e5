namespace CloverExport.Cli.Verification;

/// <summary>What <c>verify</c> found. <see cref="Problems"/> make it fail; <see cref="Notes"/> do not.</summary>
internal sealed record VerifyReport(
    IReadOnlyList<TypeReport> Types,
    IReadOnlyList<string> Problems,
    IReadOnlyList<string> Notes,
    bool ComparedWithGroundTruth)
{
    public bool Passed => Problems.Count == 0;
}

/// <summary>One merchant and type: its complete windows and what their current snapshots hold.</summary>
/// <param name="Superseded">Ids stored again in a later window with a newer <c>modifiedTime</c> (exports filtered by modifiedTime): expected, the newest wins.</param>
internal sealed record TypeReport(
    string MerchantId,
    string Type,
    int Windows,
    int IncompleteWindows,
    int Files,
    long Objects,
    long Bytes,
    int Duplicates,
    int Missing,
    int Extra,
    int Superseded);

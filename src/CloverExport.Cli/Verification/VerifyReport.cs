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

/// <summary>One merchant and type: its complete windows and what they hold.</summary>
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
    int Extra);

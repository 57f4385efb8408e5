namespace CloverExport.Core.Storage;

/// <summary>
/// Written last into a window's folder: its presence is what makes the window complete. Lists every
/// file with its object count, size and checksum so a reader can verify the folder on its own.
/// <see cref="CompletedAt"/> is the snapshot's export time (when it was committed) and
/// <see cref="Revision"/> which snapshot of the window it is (0 the first export, then each revisit).
/// </summary>
public sealed record WindowManifest(
    string MerchantId,
    string Type,
    DateTimeOffset WindowStart,
    DateTimeOffset WindowEnd,
    string ExportId,
    long ObjectCount,
    long ContentBytes,
    IReadOnlyList<ManifestFile> Files,
    DateTimeOffset CompletedAt,
    bool Gzip,
    int Revision = 0);

/// <summary>One file of a window, as listed in its manifest.</summary>
public sealed record ManifestFile(string Name, long Objects, long ContentBytes, long StoredBytes, string Sha256);

/// <summary>
/// The per-merchant, per-type summary of committed data: everything from <see cref="From"/> through
/// <see cref="CoveredThrough"/> is stored; <see cref="Ranges"/> is all committed time, merged
/// (null in watermarks written before it existed). Through <see cref="FinalThrough"/> every window
/// has had all its revisits (its current snapshot was taken after the last <c>Export:Revisit</c> age),
/// so that data will not change in the store again; it is brought up to date by planning.
/// </summary>
public sealed record Watermark(
    string MerchantId,
    string Type,
    DateTimeOffset? From,
    DateTimeOffset? CoveredThrough,
    int Windows,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<CoveredRange>? Ranges = null,
    DateTimeOffset? FinalThrough = null);

/// <summary>An inclusive range of committed time in a watermark.</summary>
public sealed record CoveredRange(DateTimeOffset Start, DateTimeOffset End);

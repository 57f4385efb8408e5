namespace CloverExport.Core.Storage;

/// <summary>
/// Written last into a window's folder: its presence is what makes the window complete. Lists every
/// file with its object count, size and checksum so a reader can verify the folder on its own.
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
    bool Gzip);

/// <summary>One file of a window, as listed in its manifest.</summary>
public sealed record ManifestFile(string Name, long Objects, long ContentBytes, long StoredBytes, string Sha256);

/// <summary>
/// The per-merchant, per-type summary of committed data: everything from <see cref="From"/> through
/// <see cref="CoveredThrough"/> is stored; <see cref="Ranges"/> is all committed time, merged
/// (null in watermarks written before it existed).
/// </summary>
public sealed record Watermark(
    string MerchantId,
    string Type,
    DateTimeOffset? From,
    DateTimeOffset? CoveredThrough,
    int Windows,
    DateTimeOffset UpdatedAt,
    IReadOnlyList<CoveredRange>? Ranges = null);

/// <summary>An inclusive range of committed time in a watermark.</summary>
public sealed record CoveredRange(DateTimeOffset Start, DateTimeOffset End);

using System.Globalization;
using CloverExport.Core.Clover;
using CloverExport.Core.Planning;

namespace CloverExport.Core.Storage;

/// <summary>
/// The container's layout, deterministic so a re-run writes to the same names:
/// <c>{merchantId}/{type}/{yyyy}/{MM}/{windowStart}_{windowEnd}/part-{fileKey}-{exportId}.json</c> plus
/// <c>manifest.json</c> in the same folder (written last, once: a folder without it is not
/// complete, and only the files it lists belong to the window), and
/// <c>{merchantId}/{type}/_watermark.json</c> and <c>_failures.json</c>. Parts carry their export's id so that two exports of
/// the same window (two runs at once, a redo, a revisit) never write to the same blob, and the file's
/// identity (<see cref="FileKey"/>), not its position in Clover's list, which no one promises is stable.
/// A revisit of a window is a new snapshot in the same folder: its own parts and its own manifest,
/// <c>manifest.r{revision:D4}.json</c> (the first snapshot's is <c>manifest.json</c>); the manifest
/// with the highest revision is the window's current snapshot.
/// </summary>
public static class BlobLayout
{
    public const string ManifestFileName = "manifest.json";
    private const string RevisionManifestPrefix = "manifest.r";
    private const string InstantFormat = "yyyyMMdd'T'HHmmssfff'Z'";
    private const string PartPrefix = "part-";
    private const int FileKeyLength = 16;

    public static string TypeFolder(ExportType type) => type == ExportType.Orders ? "orders" : "payments";

    /// <summary><c>{merchantId}/{type}/</c>: everything of one merchant and type.</summary>
    public static string TypePrefix(string merchantId, ExportType type) => $"{merchantId}/{TypeFolder(type)}/";

    public static string WindowFolder(string merchantId, ExportWindow window) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{TypePrefix(merchantId, window.Type)}{window.Start.UtcDateTime:yyyy}/{window.Start.UtcDateTime:MM}/{FormatInstant(window.Start)}_{FormatInstant(window.End)}/");

    /// <summary>
    /// The stable identity of an export file: the first 16 hex digits of the SHA-256 of its link's
    /// path. Only the path is assumed stable between two reads of an export (the query carries the
    /// signature and expiry, and the host may change); nothing else of Clover's URL format is. Were
    /// the path to change too, a retry would copy the file again under a new name and the commit
    /// would keep only the parts its manifest lists: extra work, never a duplicate or a gap.
    /// </summary>
    public static string FileKey(Uri fileUrl) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(fileUrl.AbsolutePath)))[..FileKeyLength];

    /// <summary><c>part-{fileKey}-{exportId}.json[.gz]</c> in the window's folder.</summary>
    public static string PartName(string merchantId, ExportWindow window, string exportId, string fileKey, bool gzip) =>
        $"{WindowFolder(merchantId, window)}{PartPrefix}{fileKey}-{SafeSegment(exportId)}.json{(gzip ? ".gz" : string.Empty)}";

    /// <summary>Reads the file key back from a part of <paramref name="exportId"/>; false for any other blob.</summary>
    public static bool TryParsePartName(string blobName, string exportId, out string fileKey)
    {
        fileKey = string.Empty;
        var name = blobName[(blobName.LastIndexOf('/') + 1)..];
        var suffix = $"-{SafeSegment(exportId)}.json";
        var end = name.EndsWith(".gz", StringComparison.Ordinal) ? name.Length - 3 : name.Length;
        if (!name.StartsWith(PartPrefix, StringComparison.Ordinal) || end - PartPrefix.Length != FileKeyLength + suffix.Length
            || string.CompareOrdinal(name, end - suffix.Length, suffix, 0, suffix.Length) != 0)
        {
            return false;
        }

        fileKey = name.Substring(PartPrefix.Length, FileKeyLength);
        return fileKey.All(char.IsAsciiHexDigitLower);
    }

    /// <summary><c>{merchantId}/{type}/{yyyy}/{MM}/</c> for every month from <paramref name="first"/> through <paramref name="last"/>.</summary>
    public static IEnumerable<string> MonthPrefixes(string merchantId, ExportType type, DateTimeOffset first, DateTimeOffset last)
    {
        var end = new DateTime(last.UtcDateTime.Year, last.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        for (var month = new DateTime(first.UtcDateTime.Year, first.UtcDateTime.Month, 1, 0, 0, 0, DateTimeKind.Utc); month <= end; month = month.AddMonths(1))
        {
            yield return string.Create(CultureInfo.InvariantCulture, $"{TypePrefix(merchantId, type)}{month:yyyy}/{month:MM}/");
        }
    }

    /// <summary>The blob leased while a window of this merchant and type is committed.</summary>
    public static string CommitLockName(string merchantId, ExportType type) => TypePrefix(merchantId, type) + "_commit.lock";

    /// <summary>The manifest of the window's snapshot <see cref="ExportWindow.Revision"/>.</summary>
    public static string ManifestName(string merchantId, ExportWindow window) => WindowFolder(merchantId, window) + ManifestFile(window.Revision);

    /// <summary>The file name of a snapshot's manifest inside its window folder.</summary>
    public static string ManifestFile(int revision) =>
        revision == 0 ? ManifestFileName : string.Create(CultureInfo.InvariantCulture, $"{RevisionManifestPrefix}{revision:D4}.json");

    /// <summary>True for a snapshot manifest's file name (any revision).</summary>
    public static bool IsManifestFile(string fileName) => TryParseManifestFile(fileName, out _);

    public static string WatermarkName(string merchantId, ExportType type) => TypePrefix(merchantId, type) + "_watermark.json";

    /// <summary>The last failure of each window that failed (see <c>Coverage.WindowFailureLog</c>).</summary>
    public static string FailureLogName(string merchantId, ExportType type) => TypePrefix(merchantId, type) + "_failures.json";

    /// <summary>Reads the window and the snapshot's revision back from a manifest's blob name; false for any other blob.</summary>
    public static bool TryParseManifestName(string blobName, ExportType type, out ExportWindow window)
    {
        window = default!;
        var parts = blobName.Split('/');
        if (parts.Length != 6 || !TryParseManifestFile(parts[5], out var revision) || parts[1] != TypeFolder(type))
        {
            return false;
        }

        var bounds = parts[4].Split('_');
        if (bounds.Length != 2 || !TryParseInstant(bounds[0], out var start) || !TryParseInstant(bounds[1], out var end))
        {
            return false;
        }

        window = new ExportWindow(type, start, end, revision);
        return true;
    }

    private static bool TryParseManifestFile(string fileName, out int revision)
    {
        revision = 0;
        if (fileName == ManifestFileName)
        {
            return true;
        }

        var digits = fileName.StartsWith(RevisionManifestPrefix, StringComparison.Ordinal) && fileName.EndsWith(".json", StringComparison.Ordinal)
            ? fileName[RevisionManifestPrefix.Length..^".json".Length]
            : string.Empty;
        return digits.Length == 4 && digits.All(char.IsAsciiDigit)
            && int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out revision) && revision > 0;
    }

    // Clover's export ids are alphanumeric; anything else is hashed so it cannot shape the blob path.
    private static string SafeSegment(string value) =>
        value.Length is > 0 and <= 64 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '_')
            ? value
            : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(value)))[..32];

    private static string FormatInstant(DateTimeOffset instant) => instant.UtcDateTime.ToString(InstantFormat, CultureInfo.InvariantCulture);

    private static bool TryParseInstant(string text, out DateTimeOffset instant)
    {
        var ok = DateTime.TryParseExact(text, InstantFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed);
        instant = ok ? new DateTimeOffset(parsed, TimeSpan.Zero) : default;
        return ok;
    }
}

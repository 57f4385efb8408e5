namespace CloverExport.Core.Storage;

/// <summary>One export file as stored: counts and checksum of the JSON content Clover sent.</summary>
/// <param name="Index">Zero-based position in the export's file list.</param>
/// <param name="ContentBytes">Size of the JSON as downloaded (before optional gzip).</param>
/// <param name="StoredBytes">Size of the blob.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the JSON content.</param>
public sealed record CopiedFile(int Index, string BlobName, long Objects, long ContentBytes, long StoredBytes, string Sha256);

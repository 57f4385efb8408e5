namespace CloverExport.Emulator.Files;

/// <summary>How a file download is spoiled by a fault, if at all.</summary>
internal enum FileDamage
{
    None,
    Cut,
    Truncate,
    Malformed,
}

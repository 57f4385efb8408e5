namespace CloverExport.Emulator;

/// <summary>Order of <c>exportUrls</c> in a DONE export's status (Clover does not document one).</summary>
public enum FileListOrder
{
    /// <summary>File 0 first, the same on every read.</summary>
    Stable,

    /// <summary>Last file first, the same on every read.</summary>
    Reversed,

    /// <summary>A different permutation on each status read.</summary>
    Shuffled,
}

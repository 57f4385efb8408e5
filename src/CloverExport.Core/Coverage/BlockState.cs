namespace CloverExport.Core.Coverage;

/// <summary>Where one 30-day block of a merchant's data stands.</summary>
public enum BlockState
{
    /// <summary>The block ends before the merchant's backfill start: nothing is meant to be stored.</summary>
    BeforeBackfill,

    /// <summary>Nothing of the block is stored and nothing is exporting it.</summary>
    NotExported,

    /// <summary>Part of the block is stored (or an export's files are stored without a manifest); the rest is not.</summary>
    Partial,

    /// <summary>Every millisecond of the block up to the coverage horizon is in committed windows.</summary>
    Complete,

    /// <summary>A run is exporting or copying a window of the block right now.</summary>
    Running,

    /// <summary>The last attempt at a window of the block failed and the window is still not stored.</summary>
    Failed,
}

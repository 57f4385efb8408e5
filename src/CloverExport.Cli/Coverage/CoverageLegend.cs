using CloverExport.Core.Coverage;

namespace CloverExport.Cli.Coverage;

/// <summary>How each block state looks, the same in the terminal, in plain text and in the HTML page.</summary>
internal static class CoverageLegend
{
    public static IReadOnlyList<BlockState> States { get; } =
        [BlockState.Complete, BlockState.Partial, BlockState.Failed, BlockState.Running, BlockState.NotExported, BlockState.BeforeBackfill];

    /// <summary>One character per block in plain text.</summary>
    public static char Letter(BlockState state) => state switch
    {
        BlockState.Complete => 'C',
        BlockState.Partial => 'P',
        BlockState.Failed => 'F',
        BlockState.Running => 'R',
        BlockState.NotExported => '.',
        _ => '-',
    };

    /// <summary>Colours distinct enough to tell apart on screen and in a screenshot.</summary>
    public static string Hex(BlockState state) => state switch
    {
        BlockState.Complete => "#2e9e44",
        BlockState.Partial => "#f2c12e",
        BlockState.Failed => "#d7263d",
        BlockState.Running => "#1f6feb",
        BlockState.NotExported => "#b4bac2",
        _ => "#e6dcf5",
    };

    public static string Label(BlockState state) => state switch
    {
        BlockState.Complete => "complete",
        BlockState.Partial => "partial",
        BlockState.Failed => "failed",
        BlockState.Running => "running",
        BlockState.NotExported => "not yet exported",
        _ => "before backfill start",
    };

    /// <summary>A short age such as <c>3d</c>, <c>5h</c> or <c>12m</c>.</summary>
    public static string Age(TimeSpan age) =>
        age.TotalDays >= 1 ? $"{(int)age.TotalDays}d" : age.TotalHours >= 1 ? $"{(int)age.TotalHours}h" : $"{Math.Max(0, (int)age.TotalMinutes)}m";
}

using System.Globalization;
using CloverExport.Core.Coverage;
using CloverExport.Core.Planning;

namespace CloverExport.Cli.Coverage;

/// <summary>The grid's rows (one per merchant and type) and columns (the blocks, labelled by the month they start in), for every view.</summary>
internal sealed record CoverageRows(IReadOnlyList<CoverageRow> Rows, IReadOnlyList<DateTimeOffset> Columns, DateTimeOffset ComputedAt)
{
    public static CoverageRows Of(IReadOnlyList<MerchantCoverage> merchants)
    {
        var rows = merchants.SelectMany(m => m.Types.Select(t => new CoverageRow(m.MerchantId, t))).ToList();
        var columns = rows.SelectMany(r => r.Type.Blocks.Select(b => b.Start)).Distinct().Order().ToList();
        var computedAt = merchants.Count > 0 ? merchants.Max(m => m.ComputedAt) : DateTimeOffset.UtcNow;
        return new CoverageRows(rows, columns, computedAt);
    }

    /// <summary>The column's month, <c>yyyy-MM</c>, of the block's first day.</summary>
    public static string Month(DateTimeOffset start) => start.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    public static string Day(DateTimeOffset instant) => ExportDays.Text(ExportDays.DayOf(instant));

    /// <summary>What a block means in words, for tooltips and the list below the grid.</summary>
    public string Describe(CoverageBlock block)
    {
        var range = $"{Day(block.Start)}..{Day(block.End)}";
        return block.State switch
        {
            BlockState.Complete => $"{range} complete, snapshot {CoverageLegend.Age(ComputedAt - (block.SnapshotAt ?? ComputedAt))} old",
            BlockState.Partial => block.CoveredThrough is { } through ? $"{range} partial, stored through {through:yyyy-MM-dd HH:mm}Z" : $"{range} partial, files without a manifest",
            BlockState.Failed => $"{range} failed {(block.FailedAt is { } at ? Day(at) : "")}: {block.LastFailure}",
            _ => $"{range} {CoverageLegend.Label(block.State)}",
        };
    }
}

internal sealed record CoverageRow(string MerchantId, TypeCoverage Type)
{
    public CoverageBlock? At(DateTimeOffset column) => Type.Blocks.FirstOrDefault(b => b.Start == column);

    /// <summary>The oldest snapshot among the complete blocks, or null.</summary>
    public DateTimeOffset? OldestSnapshot => Type.Blocks.Where(b => b.State == BlockState.Complete).Min(b => b.SnapshotAt);
}

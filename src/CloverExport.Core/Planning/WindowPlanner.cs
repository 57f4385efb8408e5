using CloverExport.Core.Clover;

namespace CloverExport.Core.Planning;

/// <summary>
/// Splits a requested range into export windows: the requested range is widened down to its first
/// block's start, cut at block boundaries, and what committed windows already cover is left out.
/// Because coverage inside a block always grows from the block's start, the same data is never
/// planned twice, and a re-run of a finished range plans nothing.
/// </summary>
public static class WindowPlanner
{
    public static IReadOnlyList<ExportWindow> Plan(
        IEnumerable<ExportType> types,
        DateTimeOffset from,
        DateTimeOffset toInclusive,
        IReadOnlyDictionary<ExportType, TimeRangeSet> committed)
    {
        var windows = new List<ExportWindow>();
        var start = TimeBlocks.StartOf(TruncateToMilliseconds(from));
        var end = TruncateToMilliseconds(toInclusive);
        if (end < start)
        {
            return windows;
        }

        foreach (var type in types.Distinct())
        {
            var covered = committed.TryGetValue(type, out var set) ? set : new TimeRangeSet();
            for (var blockStart = start; blockStart <= end; blockStart = blockStart.Add(TimeBlocks.Length))
            {
                var blockEnd = TimeBlocks.EndOf(blockStart);
                var slice = new TimeRange(blockStart, blockEnd < end ? blockEnd : end);
                foreach (var gap in covered.Uncovered(slice))
                {
                    windows.Add(new ExportWindow(type, gap.Start, gap.End));
                }
            }
        }

        return [.. windows.OrderBy(w => w.Start).ThenBy(w => w.Type)];
    }

    private static DateTimeOffset TruncateToMilliseconds(DateTimeOffset value) =>
        DateTimeOffset.FromUnixTimeMilliseconds(value.ToUnixTimeMilliseconds());
}

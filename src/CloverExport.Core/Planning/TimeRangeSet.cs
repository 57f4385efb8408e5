namespace CloverExport.Core.Planning;

/// <summary>An inclusive millisecond range.</summary>
public readonly record struct TimeRange(DateTimeOffset Start, DateTimeOffset End)
{
    public bool Overlaps(TimeRange other) => Start <= other.End && other.Start <= End;
}

/// <summary>A set of inclusive millisecond ranges, kept sorted and merged (adjacent ranges join).</summary>
public sealed class TimeRangeSet
{
    private readonly List<TimeRange> ranges = [];

    public IReadOnlyList<TimeRange> Ranges => ranges;

    /// <summary>The time the windows cover.</summary>
    public static TimeRangeSet Of(IEnumerable<ExportWindow> windows)
    {
        var set = new TimeRangeSet();
        foreach (var window in windows)
        {
            set.Add(new TimeRange(window.Start, window.End));
        }

        return set;
    }

    public void Add(TimeRange range)
    {
        var merged = range;
        var kept = new List<TimeRange>(ranges.Count + 1);
        foreach (var existing in ranges)
        {
            // Adjacent (end + 1 ms == start) counts as touching: no millisecond lies between them.
            if (existing.End.AddMilliseconds(1) < merged.Start || merged.End.AddMilliseconds(1) < existing.Start)
            {
                kept.Add(existing);
            }
            else
            {
                merged = new TimeRange(Min(existing.Start, merged.Start), Max(existing.End, merged.End));
            }
        }

        kept.Add(merged);
        kept.Sort((a, b) => a.Start.CompareTo(b.Start));
        ranges.Clear();
        ranges.AddRange(kept);
    }

    /// <summary>The parts of <paramref name="range"/> that no range in this set covers.</summary>
    public IReadOnlyList<TimeRange> Uncovered(TimeRange range)
    {
        var gaps = new List<TimeRange>();
        var cursor = range.Start;
        foreach (var covered in ranges)
        {
            if (covered.End < cursor)
            {
                continue;
            }

            if (covered.Start > range.End)
            {
                break;
            }

            if (covered.Start > cursor)
            {
                gaps.Add(new TimeRange(cursor, covered.Start.AddMilliseconds(-1)));
            }

            cursor = covered.End.AddMilliseconds(1);
            if (cursor > range.End)
            {
                return gaps;
            }
        }

        gaps.Add(new TimeRange(cursor, range.End));
        return gaps;
    }

    /// <summary>The end of the contiguous covered run that starts at or before <paramref name="from"/>, or null.</summary>
    public DateTimeOffset? CoveredThrough(DateTimeOffset from)
    {
        DateTimeOffset? through = null;
        foreach (var covered in ranges)
        {
            if (covered.Start > (through?.AddMilliseconds(1) ?? from))
            {
                break;
            }

            if (covered.End >= from)
            {
                through = covered.End;
            }
        }

        return through;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}

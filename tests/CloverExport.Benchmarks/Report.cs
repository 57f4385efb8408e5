using System.Text;

namespace CloverExport.Benchmarks;

/// <summary>One benchmark's part of docs/benchmarks.md: prose and tables in Markdown.</summary>
internal sealed class ReportSection(string title)
{
    private readonly StringBuilder text = new();

    public string Title { get; } = title;

    public ReportSection Paragraph(string paragraph)
    {
        text.AppendLine(paragraph).AppendLine();
        return this;
    }

    public ReportSection Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        text.AppendLine("| " + string.Join(" | ", headers) + " |");
        text.AppendLine("|" + string.Concat(headers.Select(_ => "---|")));
        foreach (var row in rows)
        {
            text.AppendLine("| " + string.Join(" | ", row) + " |");
        }

        text.AppendLine();
        return this;
    }

    public string ToMarkdown() => $"## {Title}\n\n{text}";
}

/// <summary>Number formatting shared by the tables (invariant culture, fixed decimals).</summary>
internal static class Fmt
{
    public static string Mb(long bytes) => (bytes / 1e6).ToString("0.0", CultureInfo.InvariantCulture) + " MB";

    public static string MbPerSecond(long bytes, TimeSpan elapsed) => (bytes / 1e6 / elapsed.TotalSeconds).ToString("0", CultureInfo.InvariantCulture) + " MB/s";

    public static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s";

    public static string Ms(double milliseconds) => milliseconds.ToString(milliseconds < 10 ? "0.0" : "0", CultureInfo.InvariantCulture) + " ms";

    public static string Ratio(double value) => value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Number(double value, string format = "0.0") => value.ToString(format, CultureInfo.InvariantCulture);

    public static string Verdict(bool met) => met ? "met" : "**missed**";
}

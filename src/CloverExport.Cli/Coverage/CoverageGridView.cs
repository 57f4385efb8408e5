using System.Globalization;
using System.Text;
using CloverExport.Core.Coverage;
using Spectre.Console;

namespace CloverExport.Cli.Coverage;

/// <summary>
/// Merchants × blocks in the terminal: a coloured cell per block under its month, a legend, then
/// the failed and partial blocks in words. Plain text (a letter per block) when not a terminal.
/// </summary>
internal static class CoverageGridView
{
    private const int CellWidth = 3;

    public static void Write(CliConsole console, CoverageRows grid)
    {
        var labelWidth = Math.Max(22, grid.Rows.Select(r => r.MerchantId.Length + 1 + r.Type.Type.Length).DefaultIfEmpty(0).Max() + 2);
        var terminal = console.Terminal;
        void Line(string plain, string? markup = null)
        {
            if (terminal is null)
            {
                console.Out.WriteLine(plain);
            }
            else
            {
                terminal.MarkupLine(markup ?? Markup.Escape(plain));
            }
        }

        Line($"coverage: {grid.Rows.Count} rows, {grid.Columns.Count} blocks of 30 days, columns by the month each block starts in");
        Line(new string(' ', labelWidth) + Years(grid.Columns));
        Line(new string(' ', labelWidth) + Months(grid.Columns));
        foreach (var row in grid.Rows)
        {
            var label = $"{row.MerchantId} {row.Type.Type}".PadRight(labelWidth);
            var plain = new StringBuilder(label);
            var markup = new StringBuilder(Markup.Escape(label));
            foreach (var column in grid.Columns)
            {
                var state = row.At(column)?.State ?? BlockState.BeforeBackfill;
                plain.Append(CoverageLegend.Letter(state)).Append(' ', CellWidth - 1);
                markup.Append('[').Append(CoverageLegend.Hex(state)).Append("]██[/] ");
            }

            var age = row.OldestSnapshot is { } oldest ? $" oldest snapshot {CoverageLegend.Age(grid.ComputedAt - oldest)}" : string.Empty;
            Line(plain + age, markup + Markup.Escape(age));
        }

        Line(string.Empty);
        Line(
            "legend: " + string.Join(", ", CoverageLegend.States.Select(s => $"{CoverageLegend.Letter(s)} {CoverageLegend.Label(s)}")),
            "legend: " + string.Join("  ", CoverageLegend.States.Select(s => $"[{CoverageLegend.Hex(s)}]██[/] {CoverageLegend.Label(s)}")));
        foreach (var row in grid.Rows)
        {
            foreach (var block in row.Type.Blocks.Where(b => b.State is BlockState.Failed or BlockState.Partial or BlockState.Running))
            {
                Line($"{block.State.ToString().ToLowerInvariant()}: {row.MerchantId} {row.Type.Type} {grid.Describe(block)}");
            }
        }
    }

    private static string Months(IReadOnlyList<DateTimeOffset> columns) =>
        string.Concat(columns.Select(c => c.UtcDateTime.Month.ToString("00", CultureInfo.InvariantCulture).PadRight(CellWidth))).TrimEnd();

    /// <summary>Each year over the first column that starts in it.</summary>
    private static string Years(IReadOnlyList<DateTimeOffset> columns)
    {
        var line = new StringBuilder(new string(' ', columns.Count * CellWidth));
        string? previous = null;
        for (var i = 0; i < columns.Count; i++)
        {
            var current = columns[i].UtcDateTime.Year.ToString(CultureInfo.InvariantCulture);
            if (current != previous)
            {
                for (var c = 0; c < current.Length && i * CellWidth + c < line.Length; c++)
                {
                    line[i * CellWidth + c] = current[c];
                }
            }

            previous = current;
        }

        return line.ToString().TrimEnd();
    }
}

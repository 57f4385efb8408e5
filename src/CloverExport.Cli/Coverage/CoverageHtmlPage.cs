using System.Globalization;
using System.Net;
using System.Text;
using CloverExport.Core.Coverage;

namespace CloverExport.Cli.Coverage;

/// <summary>
/// The grid as one self-contained HTML page (inline style, no scripts, fonts or images from
/// elsewhere) to open in a browser or attach to a ticket. Each cell carries its state in
/// <c>data-state</c> and its meaning in a tooltip.
/// </summary>
internal static class CoverageHtmlPage
{
    /// <summary>Cell size in CSS pixels; a screenshot check counts cells by their area.</summary>
    public const int CellWidth = 34;
    public const int CellHeight = 22;

    public static string Render(CoverageRows grid)
    {
        var html = new StringBuilder();
        AppendHead(html);
        html.Append(CultureInfo.InvariantCulture, $"<p>Computed {Encode(grid.ComputedAt.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture))} UTC. One cell per 30-day block, under the month the block starts in.</p>\n");
        AppendTable(html, grid);
        html.Append("<p class=\"legend\">");
        foreach (var state in CoverageLegend.States)
        {
            html.Append(CultureInfo.InvariantCulture, $"<span class=\"sw s-{Css(state)}\"></span>{Encode(CoverageLegend.Label(state))}");
        }

        html.Append("</p>\n<ul>");
        foreach (var row in grid.Rows)
        {
            foreach (var block in row.Type.Blocks.Where(b => b.State is BlockState.Failed or BlockState.Partial or BlockState.Running))
            {
                html.Append(CultureInfo.InvariantCulture, $"<li>{Encode(row.MerchantId)} {Encode(row.Type.Type)} {Encode(grid.Describe(block))}</li>");
            }
        }

        html.Append("</ul></body></html>\n");
        return html.ToString();
    }

    /// <summary>Everything up to the page's heading: the inline style, one class per state.</summary>
    private static void AppendHead(StringBuilder html)
    {
        html.Append("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Clover export coverage</title>
            <style>
            body{font:13px system-ui,sans-serif;margin:16px;color:#222;background:#fff}
            table{border-collapse:separate;border-spacing:2px}
            th{font-weight:normal;font-size:11px;color:#555;text-align:left;padding:0}
            th.row{padding:0 8px 0 0;white-space:nowrap;font-family:monospace;font-size:12px;color:#222}
            """);
        // Headers no wider than the cells, so each cell is exactly CellWidth × CellHeight.
        html.Append(CultureInfo.InvariantCulture, $"td.cell,th.col{{width:{CellWidth}px;max-width:{CellWidth}px;overflow:hidden}}td.cell{{height:{CellHeight}px;padding:0;border:0}}\n");
        foreach (var state in CoverageLegend.States)
        {
            html.Append(CultureInfo.InvariantCulture, $".s-{Css(state)}{{background:{CoverageLegend.Hex(state)}}}\n");
        }

        html.Append("""
            .legend span.sw{display:inline-block;width:12px;height:12px;margin:0 4px 0 12px;vertical-align:middle}
            ul{padding-left:18px}
            </style></head><body>
            <h1 style="font-size:16px">Clover export coverage</h1>
            """);
    }

    /// <summary>One row per merchant and type, one cell per block with its state and meaning.</summary>
    private static void AppendTable(StringBuilder html, CoverageRows grid)
    {
        html.Append("<table id=\"coverage\"><thead><tr><th></th>");
        foreach (var column in grid.Columns)
        {
            html.Append(CultureInfo.InvariantCulture, $"<th class=\"col\" title=\"{Encode(CoverageRows.Day(column))}\">{Encode(column.UtcDateTime.ToString("MMM", CultureInfo.InvariantCulture))}<br>{column.UtcDateTime.Year}</th>");
        }

        html.Append("<th></th></tr></thead><tbody>\n");
        foreach (var row in grid.Rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr data-merchant=\"{Encode(row.MerchantId)}\" data-type=\"{Encode(row.Type.Type)}\"><th class=\"row\">{Encode(row.MerchantId)} {Encode(row.Type.Type)}</th>");
            foreach (var column in grid.Columns)
            {
                var block = row.At(column);
                var state = block?.State ?? BlockState.BeforeBackfill;
                var title = block is null ? CoverageLegend.Label(state) : grid.Describe(block);
                html.Append(CultureInfo.InvariantCulture, $"<td class=\"cell s-{Css(state)}\" data-state=\"{Css(state)}\" title=\"{Encode(title)}\"></td>");
            }

            var age = row.OldestSnapshot is { } oldest ? "oldest snapshot " + CoverageLegend.Age(grid.ComputedAt - oldest) : string.Empty;
            html.Append(CultureInfo.InvariantCulture, $"<th>{Encode(age)}</th></tr>\n");
        }

        html.Append("</tbody></table>\n");
    }

    /// <summary>The state's name in class names and <c>data-state</c>: <c>not-exported</c>, <c>before-backfill</c>.</summary>
    public static string Css(BlockState state) => state switch
    {
        BlockState.NotExported => "not-exported",
        BlockState.BeforeBackfill => "before-backfill",
        _ => state.ToString().ToLowerInvariant(),
    };

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}

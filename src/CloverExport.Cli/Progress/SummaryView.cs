using System.Globalization;
using CloverExport.Core.Orchestration;
using Spectre.Console;

namespace CloverExport.Cli.Progress;

/// <summary>The end-of-run table: per merchant and in total, plus the reasons of failed windows.</summary>
internal static class SummaryView
{
    public static void Write(CliConsole console, IReadOnlyList<MerchantSnapshot> merchants, TimeSpan duration)
    {
        var total = merchants.Aggregate(ExportTotals.Empty, (sum, m) => Add(sum, m.Totals));
        if (console.Terminal is { } terminal)
        {
            terminal.Write(Table(merchants, total, duration));
        }
        else
        {
            foreach (var m in merchants)
            {
                console.Out.WriteLine(Line($"merchant={m.MerchantId} status={ProgressText.Status(m).Replace(' ', '-')}", m.Totals, m.Elapsed));
            }

            console.Out.WriteLine(Line($"total merchants={merchants.Count}", total, duration));
        }

        foreach (var m in merchants)
        {
            if (m.Result is { EndClamped: true, Until: { } until })
            {
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"note: {m.MerchantId}: the range was cut to end at {until:yyyy-MM-ddTHH:mm:ss.fffZ}: later data is not settled yet (now minus Export:SettleLag, aligned to Export:RunEndAlignment); a later run exports it."));
            }

            if ((m.Error ?? m.Result?.Error) is { } error)
            {
                console.Out.WriteLine($"failure: {m.MerchantId}: {error}");
            }

            foreach (var failure in m.Totals.Failures)
            {
                console.Out.WriteLine($"failure: {m.MerchantId} {failure.Window}: {failure.Reason}");
            }
        }
    }

    private static string Line(string head, ExportTotals t, TimeSpan duration) => string.Create(CultureInfo.InvariantCulture,
        $"summary: {head} windows={t.WindowsDone}/{t.WindowsPlanned} failed={t.WindowsFailed} objects={t.Objects} files={t.Files} bytes={t.Bytes} exports={t.ExportsCreated} duration={ProgressText.Duration(duration)}");

    private static Table Table(IReadOnlyList<MerchantSnapshot> merchants, ExportTotals total, TimeSpan duration)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Summary[/]");
        table.AddColumns("Merchant", "Status", "Windows", "Failed", "Objects", "Files", "Bytes", "Exports created", "Duration");
        foreach (var column in table.Columns.Skip(2))
        {
            column.RightAligned();
        }

        foreach (var m in merchants)
        {
            table.AddRow(Cells(Markup.Escape(m.MerchantId), Markup.Escape(ProgressText.Status(m)), m.Totals, m.Elapsed));
        }

        table.AddRow(Cells("[bold]Total[/]", "", total, duration));
        return table;
    }

    private static string[] Cells(string name, string status, ExportTotals t, TimeSpan duration) =>
    [
        name,
        status,
        string.Create(CultureInfo.InvariantCulture, $"{t.WindowsDone}/{t.WindowsPlanned}"),
        t.WindowsFailed.ToString(CultureInfo.InvariantCulture),
        ProgressText.Number(t.Objects),
        ProgressText.Number(t.Files),
        ProgressText.Bytes(t.Bytes),
        ProgressText.Number(t.ExportsCreated),
        ProgressText.Duration(duration),
    ];

    private static ExportTotals Add(ExportTotals a, ExportTotals b) => new(
        a.WindowsPlanned + b.WindowsPlanned,
        a.WindowsDone + b.WindowsDone,
        a.WindowsFailed + b.WindowsFailed,
        a.Files + b.Files,
        a.Objects + b.Objects,
        a.Bytes + b.Bytes,
        a.ExportsCreated + b.ExportsCreated,
        []);
}

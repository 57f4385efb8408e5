using Spectre.Console;

namespace CloverExport.Cli.Progress;

/// <summary>A Spectre.Console table redrawn in place: one row per merchant, its active windows beneath.</summary>
internal sealed class LiveProgressView(IAnsiConsole terminal) : IProgressView
{
    public async Task<T> ShowAsync<T>(Func<Action<IReadOnlyList<MerchantSnapshot>>, Task<T>> work)
    {
        var result = default(T)!;
        await terminal.Live(Render([])).AutoClear(false).StartAsync(async context =>
        {
            result = await work(merchants =>
            {
                context.UpdateTarget(Render(merchants));
                context.Refresh();
            });
        });
        return result;
    }

    private static Table Render(IReadOnlyList<MerchantSnapshot> merchants)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]Clover export[/]");
        if (ProgressText.Fleet(merchants) is { } fleet)
        {
            table.Caption(Markup.Escape(fleet));
        }

        table.AddColumns("Merchant", "State", "Windows", "Objects", "Files", "Bytes", "Exports", "Active windows");
        foreach (var column in table.Columns.Skip(2).Take(5))
        {
            column.RightAligned();
        }

        foreach (var m in merchants)
        {
            var totals = m.Totals;
            var state = ProgressText.Status(m);
            var color = m.Error is not null || totals.WindowsFailed > 0 ? "red" : m.Finished ? "green" : "yellow";
            table.AddRow(
                new Markup(Markup.Escape(m.MerchantId)),
                new Markup($"[{color}]{Markup.Escape(state)}[/]"),
                new Text(ProgressText.Windows(totals)),
                new Text(ProgressText.Number(totals.Objects)),
                new Text(ProgressText.Number(totals.Files)),
                new Text(ProgressText.Bytes(totals.Bytes)),
                new Text(ProgressText.Number(totals.ExportsCreated)),
                new Text(m.Windows.Count == 0 ? (m.Finished ? "" : "-") : string.Join('\n', m.Windows.Select(ProgressText.Window))));
        }

        return table;
    }
}

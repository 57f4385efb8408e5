using System.Globalization;

namespace CloverExport.Cli.Progress;

/// <summary>One line per merchant whenever what it reports changes.</summary>
internal sealed class PlainProgressView(TextWriter output, TimeProvider time) : IProgressView
{
    private readonly Dictionary<string, string> lastLines = [];
    private string? lastFleet;

    public Task<T> ShowAsync<T>(Func<Action<IReadOnlyList<MerchantSnapshot>>, Task<T>> work) => work(Update);

    private void Update(IReadOnlyList<MerchantSnapshot> merchants)
    {
        if (ProgressText.Fleet(merchants) is { } fleet && fleet != lastFleet)
        {
            lastFleet = fleet;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{time.GetUtcNow():HH:mm:ss}] {fleet}"));
        }

        foreach (var m in merchants)
        {
            var totals = m.Totals;
            var line = string.Create(CultureInfo.InvariantCulture,
                $"{m.MerchantId}: {ProgressText.Status(m)}, windows {ProgressText.Windows(totals)}, {ProgressText.Number(totals.Objects)} objects, " +
                $"{ProgressText.Number(totals.Files)} files, {ProgressText.Bytes(totals.Bytes)}, {totals.ExportsCreated} exports");
            if (m.Windows.Count > 0)
            {
                line += "; " + string.Join("; ", m.Windows.Select(ProgressText.Window));
            }

            if (lastLines.TryGetValue(m.MerchantId, out var last) && last == line)
            {
                continue;
            }

            lastLines[m.MerchantId] = line;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{time.GetUtcNow():HH:mm:ss}] {line}"));
        }
    }
}

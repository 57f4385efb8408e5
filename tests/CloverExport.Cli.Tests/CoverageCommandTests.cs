using System.Globalization;
using System.Text.RegularExpressions;
using CloverExport.Cli.Commands;
using CloverExport.Cli.Coverage;
using CloverExport.Core.Clover;
using CloverExport.Core.Configuration;
using CloverExport.Core.Coverage;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CloverExport.Cli.Tests;

/// <summary><c>coverage</c> (grid and HTML page) and <c>verify</c> on one Azurite container that holds every state.</summary>
public sealed partial class CoverageCommandTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    [Fact]
    public async Task The_plain_grid_shows_a_letter_per_block_a_legend_and_the_failure_reason()
    {
        var (store, settings) = await StoreAsync();

        var run = await CliRun.InvokeAsync(settings, ["coverage", .. Range(store), "--plain"]);

        Assert.True(run.ExitCode == ExitCodes.Success, run.All);
        // The CLI's own runs live in its process: no block is running here, so that one reads as not exported.
        Assert.Equal("- C P F . P .", Cells(run.Output, $"{CoverageStore.MerchantA} PAYMENTS"));
        Assert.Equal("- C . . . . .", Cells(run.Output, $"{CoverageStore.MerchantB} ORDERS"));
        Assert.Contains("legend: C complete, P partial, F failed, R running, . not yet exported, - before backfill start", run.Output, StringComparison.Ordinal);
        Assert.Contains($"failed: {CoverageStore.MerchantA} PAYMENTS {CoverageRows.Day(store.Blocks[3])}..", run.Output, StringComparison.Ordinal);
        Assert.Contains(CoverageStore.FailureReason, run.Output, StringComparison.Ordinal);
        Assert.Contains(CoverageRows.Month(store.Blocks[0])[..4], run.Output, StringComparison.Ordinal);

        var one = await CliRun.InvokeAsync(settings, ["coverage", "-m", CoverageStore.MerchantB, .. Range(store), "--plain"]);
        Assert.DoesNotContain(CoverageStore.MerchantA, one.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Verify_and_coverage_agree_on_a_store_with_every_state()
    {
        var (store, settings) = await StoreAsync();
        var configuration = CliConfiguration.Build([], settings);

        var verify = await VerifyCommand.RunAsync(configuration, emulator: null, merchantId: null, CancellationToken.None);
        var coverage = await CoverageCommand.ReadAsync(configuration, null, store.From, store.To, CancellationToken.None);

        Assert.True(verify.Passed, string.Join("; ", verify.Problems));
        var types = coverage.SelectMany(m => m.Types.Select(t => (m.MerchantId, t))).ToList();
        Assert.Equal(verify.Types.Select(t => (t.MerchantId, t.Type)).Order(), types.Select(t => (t.MerchantId, t.t.Type)).Order());
        foreach (var report in verify.Types)
        {
            var type = types.Single(t => t.MerchantId == report.MerchantId && t.t.Type == report.Type).t;
            Assert.Equal(report.Windows, type.CommittedWindows);
            Assert.Equal(report.IncompleteWindows, type.IncompleteWindows);
            Assert.Equal(report.Windows > 0, type.Blocks.Any(b => b.State is BlockState.Complete or BlockState.Partial && b.CoveredThrough is not null));
        }

        // Each folder verify calls incomplete is a block coverage calls partial.
        var incomplete = verify.Notes.Where(n => n.Contains("incomplete window", StringComparison.Ordinal)).ToList();
        Assert.Single(incomplete);
        Assert.True(BlobLayout.TryParseManifestName(incomplete[0][..(incomplete[0].IndexOf(':', StringComparison.Ordinal))] + BlobLayout.ManifestFileName, ExportType.Payments, out var window));
        var block = coverage.Single(m => m.MerchantId == CoverageStore.MerchantA).Types[0].Blocks.Single(b => b.Start == TimeBlocks.StartOf(window.Start));
        Assert.Equal(BlockState.Partial, block.State);
        Assert.Equal(CoverageStore.ExpectedA.Select(s => s == BlockState.Running ? BlockState.NotExported : s),
            coverage.Single(m => m.MerchantId == CoverageStore.MerchantA).Types[0].Blocks.Select(b => b.State));
    }

    [Fact]
    public async Task The_html_page_is_self_contained_and_chromium_shows_every_state_in_its_cell()
    {
        var (store, settings) = await StoreAsync();
        var configuration = CliConfiguration.Build([], settings);
        // The Functions app knows what runs; here the reader is told, so the page shows every state.
        using var services = new ServiceCollection().AddLogging().AddCloverExportPipeline(configuration).BuildServiceProvider();
        var reader = services.GetRequiredService<CoverageReader>();
        var coverage = new[]
        {
            await reader.ReadAsync(store.Merchants[0], store.From, store.To, store.Running, CancellationToken.None),
            await reader.ReadAsync(store.Merchants[1], store.From, store.To, [], CancellationToken.None),
        };
        var folder = Directory.CreateTempSubdirectory("coverage-html-").FullName;
        var file = Path.Combine(folder, "coverage.html");
        var page = CoverageHtmlPage.Render(CoverageRows.Of(coverage));
        await File.WriteAllTextAsync(file, page);

        Assert.DoesNotMatch("(src|href)\\s*=|url\\(|@import|<script", page);
        var dom = await HeadlessChromium.DumpDomAsync(file);
        Assert.Equal(CoverageStore.ExpectedA.Select(CoverageHtmlPage.Css), RowStates(dom, CoverageStore.MerchantA));
        Assert.Equal(7, RowStates(dom, CoverageStore.MerchantB).Count);
        Assert.Contains(CoverageStore.FailureReason, dom, StringComparison.Ordinal);

        var png = await HeadlessChromium.ScreenshotAsync(file, 900, 500);
        var expected = CoverageStore.ExpectedA.Concat(RowStates(dom, CoverageStore.MerchantB).Select(FromCss)).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        const int cell = CoverageHtmlPage.CellWidth * CoverageHtmlPage.CellHeight;
        foreach (var state in CoverageLegend.States)
        {
            // Cells plus the legend's 12x12 swatch: the count of each colour tells how many cells show it.
            var pixels = png.Count(CoverageLegend.Hex(state));
            var cells = expected.GetValueOrDefault(state);
            Assert.True(pixels >= cells * cell && pixels < (cells * cell) + cell, $"{state}: {pixels} pixels of {CoverageLegend.Hex(state)}, expected {cells} cells of {cell}");
        }
    }

    private static BlockState FromCss(string css) => CoverageLegend.States.Single(s => CoverageHtmlPage.Css(s) == css);

    private async Task<(CoverageStore Store, Dictionary<string, string?> Settings)> StoreAsync()
    {
        var container = CliSettings.NewContainerName();
        var store = await CoverageStore.CreateAsync(azurite.Azurite, container);
        var settings = CoverageStore.Settings(azurite.Azurite, container);
        for (var i = 0; i < store.Merchants.Count; i++)
        {
            var m = store.Merchants[i];
            settings[$"Merchants:{i}:Id"] = m.Id;
            settings[$"Merchants:{i}:Token"] = "not-used-by-coverage";
            settings[$"Merchants:{i}:Region"] = m.Region;
            settings[$"Merchants:{i}:Types"] = string.Join(',', m.Types.Select(t => t.ToWireName()));
            settings[$"Merchants:{i}:BackfillStart"] = m.BackfillStart!.Value.ToString("O", CultureInfo.InvariantCulture);
        }

        return (store, settings);
    }

    private static string[] Range(CoverageStore store) =>
        ["--from", CoverageRows.Day(store.From), "--to", CoverageRows.Day(store.To)];

    private static string Cells(string output, string label)
    {
        var line = output.Split('\n').Single(l => l.StartsWith(label + " ", StringComparison.Ordinal));
        var cells = line[label.Length..].Split(" oldest snapshot")[0].Trim();
        return CollapseSpaces().Replace(cells, " ");
    }

    private static List<string> RowStates(string dom, string merchantId)
    {
        var row = Regex.Match(dom, $"<tr data-merchant=\"{merchantId}\"[^>]*>(.*?)</tr>", RegexOptions.Singleline).Groups[1].Value;
        return [.. Regex.Matches(row, "data-state=\"([a-z-]+)\"").Select(m => m.Groups[1].Value)];
    }

    [GeneratedRegex(" +")]
    private static partial Regex CollapseSpaces();
}

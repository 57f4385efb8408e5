using System.CommandLine;
using CloverExport.Cli.Coverage;
using CloverExport.Core.Configuration;
using CloverExport.Core.Coverage;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Planning;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloverExport.Cli.Commands;

/// <summary>
/// <c>coverage</c>: per merchant and type, each 30-day block's state, read from the container (the
/// same computation as the Functions app's coverage endpoint). A CLI run's orchestrations live only
/// in its own process, so this command never shows a block as running.
/// </summary>
internal static class CoverageCommand
{
    public static Command Create(CliContext context)
    {
        var merchant = new Option<string?>("--merchant", "-m") { Description = "Only this merchant (default: every enabled merchant)." };
        var days = new DayRangeOptions(
            "First day to show (UTC, yyyy-MM-dd); default: the earliest backfill start.",
            "Last day to show, inclusive (UTC, yyyy-MM-dd); default: today.");
        var html = new Option<FileInfo?>("--html") { Description = "Also write the grid as one self-contained HTML page to this file." };
        var command = new Command("coverage", "Show which 30-day blocks are complete, partial, failed (with the last reason) or not yet exported, per merchant and type.")
        {
            merchant, days.From, days.To, html,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = context.ConsoleFor(parse);
            var (first, last) = days.Read(parse);
            var coverage = await ReadAsync(context.Configuration(parse), CommandArguments.OptionalMerchantId(parse.GetValue(merchant)), first, last, cancellationToken);
            var grid = CoverageRows.Of(coverage);
            CoverageGridView.Write(console, grid);
            if (parse.GetValue(html) is { } file)
            {
                await File.WriteAllTextAsync(file.FullName, CoverageHtmlPage.Render(grid), cancellationToken);
                console.Out.WriteLine($"coverage: wrote {file.FullName}");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    public static async Task<IReadOnlyList<MerchantCoverage>> ReadAsync(IConfiguration configuration, string? merchantId, DateTimeOffset? from, DateTimeOffset? to, CancellationToken cancellationToken)
    {
        using var services = new ServiceCollection().AddLogging().AddCloverExportPipeline(configuration).BuildServiceProvider();
        var directory = services.GetRequiredService<IMerchantDirectory>();
        var merchants = merchantId is null
            ? await directory.ListEnabledAsync(cancellationToken)
            : [await directory.FindAsync(merchantId, cancellationToken) ?? throw new CliException($"Merchant '{merchantId}' is not configured.", ExitCodes.Failure)];
        var settings = services.GetRequiredService<IOptions<ExportOptions>>().Value;
        // One start for every row, so the columns line up.
        var start = from ?? (merchants.Count > 0 ? merchants.Min(m => m.BackfillStart ?? settings.BackfillStart) : settings.BackfillStart);
        var reader = services.GetRequiredService<CoverageReader>();
        var coverage = new List<MerchantCoverage>();
        foreach (var m in merchants.OrderBy(m => m.Id, StringComparer.Ordinal))
        {
            coverage.Add(await reader.ReadAsync(m, start, to, running: [], cancellationToken));
        }

        return coverage;
    }
}

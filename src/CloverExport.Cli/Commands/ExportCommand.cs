using System.CommandLine;
using CloverExport.Cli.Engine;
using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Planning;
using Microsoft.Extensions.Configuration;

namespace CloverExport.Cli.Commands;

/// <summary><c>export</c>: one merchant, ad hoc, optionally limited to types and a date range.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var merchant = new Option<string>("--merchant", "-m") { Description = "Clover merchant id (13 characters); must be configured under Merchants:N.", Required = true };
        var types = new Option<string?>("--types") { Description = "Comma-separated ORDERS,PAYMENTS (default: the merchant's or Export:Types)." };
        var days = new DayRangeOptions(
            "First day to export (UTC, yyyy-MM-dd); default: the backfill start.",
            "Last day to export, inclusive (UTC, yyyy-MM-dd); default: now minus Export:SettleLag.");
        var command = new Command("export", "Export one merchant now, optionally only some types and a date range; stored windows are skipped.")
        {
            merchant, types, days.From, days.To,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = context.ConsoleFor(parse);
            var configuration = context.Configuration(parse);
            var input = Input(parse.GetValue(merchant)!, parse.GetValue(types), parse.GetValue(days.From), parse.GetValue(days.To), ExportSettings(configuration), TimeProvider.System.GetUtcNow());
            var result = await ExportRun.RunAsync(console, configuration, context.IsVerbose(parse), async (engine, ct) =>
            {
                if (await engine.Merchants.FindAsync(input.MerchantId, ct) is null)
                {
                    throw new CliException(
                        $"Merchant {input.MerchantId} is not configured: add it as Merchants:N:Id with its Region, and its token in the environment variable Merchants__N__Token.");
                }

                return [input];
            }, cancellationToken, context.PrintsMetrics(parse));
            return ExportRun.ExitCode(console, result);
        });
        return command;
    }

    /// <summary>The range bounds' settings; a value that does not bind is left to the engine's validation, which names it.</summary>
    private static ExportOptions ExportSettings(IConfiguration configuration)
    {
        try
        {
            return configuration.GetSection(ExportOptions.SectionName).Get<ExportOptions>() ?? new ExportOptions();
        }
        catch (InvalidOperationException)
        {
            return new ExportOptions();
        }
    }

    /// <summary>The run to start; the days follow the API's convention (<see cref="ExportDays"/>) and its bounds.</summary>
    internal static MerchantExportInput Input(string merchantId, string? types, DateOnly? from, DateOnly? to, ExportOptions export, DateTimeOffset now)
    {
        var id = CommandArguments.MerchantId(merchantId);
        IReadOnlyList<ExportType>? parsedTypes = null;
        if (types is not null)
        {
            try
            {
                parsedTypes = ExportTypes.ParseList(types);
            }
            catch (FormatException ex)
            {
                throw new CliException($"--types: {ex.Message}");
            }
        }

        var (start, end) = CommandArguments.Days(from, to);
        var errors = ExportDays.Check(start, end, export.EarliestDataStart, now - export.SettleLag);
        if (errors.Count > 0)
        {
            throw new CliException(string.Join(" ", errors.Select(e => $"--{e.Key} {(e.Key == "from" ? from : to):yyyy-MM-dd} {e.Value}")));
        }

        return new MerchantExportInput(id, parsedTypes, start, end);
    }
}

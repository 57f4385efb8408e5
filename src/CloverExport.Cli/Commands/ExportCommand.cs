using System.CommandLine;
using CloverExport.Cli.Engine;
using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;

namespace CloverExport.Cli.Commands;

/// <summary><c>export</c>: one merchant, ad hoc, optionally limited to types and a date range.</summary>
internal static class ExportCommand
{
    public static Command Create(CliContext context)
    {
        var merchant = new Option<string>("--merchant", "-m") { Description = "Clover merchant id (13 characters); must be configured under Merchants:N.", Required = true };
        var types = new Option<string?>("--types") { Description = "Comma-separated ORDERS,PAYMENTS (default: the merchant's or Export:Types)." };
        var from = new Option<DateOnly?>("--from") { Description = "First day to export (UTC, yyyy-MM-dd); default: the backfill start." };
        var to = new Option<DateOnly?>("--to") { Description = "Last day to export, inclusive (UTC, yyyy-MM-dd); default: now minus Export:SettleLag." };
        var command = new Command("export", "Export one merchant now, optionally only some types and a date range; stored windows are skipped.")
        {
            merchant, types, from, to,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var input = Input(parse.GetValue(merchant)!, parse.GetValue(types), parse.GetValue(from), parse.GetValue(to));
            var console = context.ConsoleFor(parse);
            var configuration = context.Configuration(parse);
            var result = await ExportRun.RunAsync(console, configuration, context.IsVerbose(parse), async (engine, ct) =>
            {
                if (await engine.Merchants.FindAsync(input.MerchantId, ct) is null)
                {
                    throw new CliException(
                        $"Merchant {input.MerchantId} is not configured: add it as Merchants:N:Id with its Region, and its token in the environment variable Merchants__N__Token.");
                }

                return [input];
            }, cancellationToken);
            return ExportRun.ExitCode(console, result);
        });
        return command;
    }

    internal static MerchantExportInput Input(string merchantId, string? types, DateOnly? from, DateOnly? to)
    {
        var id = merchantId.Trim().ToUpperInvariant();
        if (!MerchantIds.IsValid(id))
        {
            throw new CliException($"--merchant '{merchantId}' is not a Clover merchant id ({MerchantIds.Length} letters or digits).");
        }

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

        var (start, end) = Range(from, to);
        return new MerchantExportInput(id, parsedTypes, start, end);
    }

    /// <summary>The UTC instants of <c>--from</c> (first millisecond) and <c>--to</c> (last millisecond, inclusive).</summary>
    internal static (DateTimeOffset? Start, DateTimeOffset? End) Range(DateOnly? from, DateOnly? to)
    {
        if (from is { } f && to is { } t && f > t)
        {
            throw new CliException($"--from {f:yyyy-MM-dd} is after --to {t:yyyy-MM-dd}.");
        }

        DateTimeOffset? start = from is { } day ? new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero) : null;
        DateTimeOffset? end = to is { } last ? new DateTimeOffset(last.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).AddMilliseconds(-1) : null;
        return (start, end);
    }
}

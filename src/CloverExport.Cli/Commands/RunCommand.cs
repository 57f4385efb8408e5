using System.CommandLine;
using CloverExport.Cli.Engine;
using CloverExport.Core.Merchants;
using CloverExport.Core.Orchestration;

namespace CloverExport.Cli.Commands;

/// <summary><c>run</c>: what the Functions timer does, once: every enabled merchant, incremental, all at once.</summary>
internal static class RunCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("run", "Export every enabled merchant incrementally (what the scheduled timer does), with live progress.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = context.ConsoleFor(parse);
            var configuration = context.Configuration(parse);
            var result = await ExportRun.RunAsync(console, configuration, context.IsVerbose(parse), PlanAsync, cancellationToken, context.PrintsMetrics(parse));
            return ExportRun.ExitCode(console, result);
        });
        return command;
    }

    /// <summary>One incremental input per enabled merchant, as the timer schedules them.</summary>
    public static async Task<IReadOnlyList<MerchantExportInput>> PlanAsync(ExportEngine engine, CancellationToken cancellationToken)
    {
        var merchants = await engine.Merchants.ListEnabledAsync(cancellationToken);
        if (merchants.Count == 0)
        {
            throw new CliException(
                "No enabled merchants are configured: set Merchants:0:Id and Merchants:0:Region (appsettings.json or Merchants__0__Id, Merchants__0__Region) " +
                "and the token in the environment variable Merchants__0__Token.");
        }

        return [.. merchants.Select(m => new MerchantExportInput(m.Id))];
    }
}

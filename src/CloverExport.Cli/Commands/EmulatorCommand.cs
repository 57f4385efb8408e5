using System.CommandLine;
using System.Globalization;
using CloverExport.Cli.Demo;
using CloverExport.Emulator;
using Microsoft.Extensions.Configuration;

namespace CloverExport.Cli.Commands;

/// <summary><c>emulator</c>: the Clover emulator in this process until Ctrl+C.</summary>
internal static class EmulatorCommand
{
    public static Command Create(CliContext context)
    {
        var port = new Option<int>("--port") { Description = "API port (0 picks a free one).", DefaultValueFactory = _ => 7070 };
        var filePort = new Option<int>("--file-port") { Description = "File host port (0 picks a free one).", DefaultValueFactory = _ => 7071 };
        var command = new Command("emulator", "Run the Clover Export API emulator until Ctrl+C (Emulator:* settings; the demo's merchants when none are configured).")
        {
            port, filePort,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = context.ConsoleFor(parse);
            var configuration = context.Configuration(parse);
            var options = configuration.GetSection(EmulatorOptions.SectionName).Get<EmulatorOptions>() ?? new EmulatorOptions();
            if (options.Merchants.Count == 0)
            {
                var demo = DemoDataSet.Create(DemoSize.Default, DateOnly.FromDateTime(DateTime.UtcNow)).EmulatorOptions();
                options.Merchants = demo.Merchants;
                options.ProcessingBase = demo.ProcessingBase;
                options.ProcessingPerThousand = demo.ProcessingPerThousand;
            }

            options.ApiPort = ValidPort(parse.GetValue(port), "--port");
            options.FilePort = ValidPort(parse.GetValue(filePort), "--file-port");
            await using var host = await CloverEmulatorHost.StartAsync(options, cancellationToken);
            console.Out.WriteLine($"Clover emulator: API {host.ApiBaseUrl}, files {host.FileBaseUrl}");
            foreach (var m in options.Merchants)
            {
                console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  merchant {m.Id} ({m.Region}) data {m.DataStart:yyyy-MM-dd}..{m.DataEnd:yyyy-MM-dd}, {m.OrdersPerDay} orders/day"));
            }

            console.Out.WriteLine($"Point the exporter at it: Clover__BaseUrl={host.ApiBaseUrl} Clover__AllowedFileHosts=127.0.0.1; admin API under {host.ApiBaseUrl}_emulator/.");
            console.Out.WriteLine("Press Ctrl+C to stop.");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                console.Out.WriteLine("Emulator stopped.");
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private static int ValidPort(int value, string name) =>
        value is >= 0 and <= 65535 ? value : throw new CliException($"{name} {value} is not a TCP port (0-65535).");
}

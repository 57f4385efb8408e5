using System.CommandLine;
using CloverExport.Cli.Verification;
using CloverExport.Core.Clover;
using CloverExport.Core.Merchants;
using CloverExport.Core.Planning;
using CloverExport.Core.Reading;

namespace CloverExport.Cli.Commands;

/// <summary><c>read</c>: streams the current state of a merchant's objects, by the reader's rule (see <see cref="StoreReader"/>).</summary>
internal static class ReadCommand
{
    public static Command Create(CliContext context)
    {
        var merchant = new Option<string>("--merchant", "-m") { Description = "Clover merchant id (13 characters).", Required = true };
        var type = new Option<string>("--type") { Description = "ORDERS or PAYMENTS.", Required = true };
        var days = new DayRangeOptions(
            "Only objects created on or after this day (UTC, yyyy-MM-dd).",
            "Only objects created up to this day, inclusive (UTC, yyyy-MM-dd).");
        var format = new Option<string>("--format") { Description = "ndjson (one object a line, the default) or json (one array).", DefaultValueFactory = _ => "ndjson" };
        var command = new Command("read", "Stream the current state of every stored object: each window's newest snapshot, and per id the version with the greatest modifiedTime.")
        {
            merchant, type, days.From, days.To, format,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = context.ConsoleFor(parse);
            var id = CommandArguments.MerchantId(parse.GetValue(merchant)!);
            if (!ExportTypes.TryParse(parse.GetValue(type), out var exportType))
            {
                throw new CliException($"--type '{parse.GetValue(type)}' must be ORDERS or PAYMENTS.");
            }

            var json = parse.GetValue(format)?.ToLowerInvariant() switch
            {
                "ndjson" => false,
                "json" => true,
                var other => throw new CliException($"--format '{other}' must be ndjson or json."),
            };
            var (start, end) = days.Read(parse);
            var reader = new StoreReader(StorageClients.Container(context.Configuration(parse)));
            await WriteAsync(console.Out, reader.ReadCurrentAsync(id, exportType, start, end, cancellationToken), json);
            return ExitCodes.Success;
        });
        return command;
    }

    private static async Task WriteAsync(TextWriter output, IAsyncEnumerable<CurrentObject> objects, bool asArray)
    {
        var first = true;
        if (asArray)
        {
            await output.WriteAsync('[');
        }

        await foreach (var item in objects)
        {
            if (asArray)
            {
                await output.WriteAsync(first ? "\n" : ",\n");
                await output.WriteAsync(item.Json);
            }
            else
            {
                await output.WriteLineAsync(item.Json);
            }

            first = false;
        }

        if (asArray)
        {
            await output.WriteLineAsync(first ? "]" : "\n]");
        }

        await output.FlushAsync();
    }
}

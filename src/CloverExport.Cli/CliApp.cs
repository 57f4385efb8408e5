using System.CommandLine;
using CloverExport.Cli.Commands;
using Microsoft.Extensions.Options;

namespace CloverExport.Cli;

/// <summary>
/// The <c>clover-export</c> entry point, callable in-process: parses the arguments, runs the command,
/// and turns every failure into one line and an exit code (<see cref="ExitCodes"/>), never a stack trace.
/// </summary>
public static class CliApp
{
    public static Task<int> RunAsync(string[] args, CliConsole console, CancellationToken cancellationToken = default) =>
        RunAsync(args, console, settings: null, cancellationToken);

    /// <param name="settings">Settings layered above appsettings.json and the environment (tests, embedding hosts); <c>--Section:Key</c> arguments still win.</param>
    public static async Task<int> RunAsync(
        string[] args,
        CliConsole console,
        IReadOnlyDictionary<string, string?>? settings,
        CancellationToken cancellationToken = default)
    {
        try
        {
            CommandLineSecrets.RefuseTokens(args);
            var context = new CliContext(console, settings);
            var root = CreateRootCommand(context);
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                {
                    console.Error.WriteLine($"error: {error.Message}");
                }

                console.Error.WriteLine(Usage(parse));
                return ExitCodes.Usage;
            }

            return await parse.InvokeAsync(
                new InvocationConfiguration
                {
                    Output = console.Out,
                    Error = console.Error,
                    EnableDefaultExceptionHandler = false,
                    ProcessTerminationTimeout = null,
                },
                cancellationToken);
        }
        catch (CliException ex)
        {
            console.Error.WriteLine($"error: {ex.Message}");
            return ex.ExitCode;
        }
        catch (Exception ex) when (OptionsErrors(ex) is { } message)
        {
            console.Error.WriteLine($"error: invalid configuration: {message}");
            return ExitCodes.Usage;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            console.Error.WriteLine("error: stopped by Ctrl+C.");
            return ExitCodes.Cancelled;
        }
        catch (Exception ex)
        {
            console.Error.WriteLine($"error: {OneLine(ex)}");
            return ExitCodes.Failure;
        }
    }

    internal static RootCommand CreateRootCommand(CliContext context)
    {
        var root = new RootCommand(
            "clover-export: exports Clover orders and payments to Azure Blob Storage with the same durable orchestrations as the Functions app, " +
            "on an in-process engine. Settings use the Functions app's names: appsettings.json, environment variables (Storage__Container) " +
            "or --Section:Key value arguments. Merchant tokens only from the environment (Merchants__0__Token).")
        {
            RunCommand.Create(context),
            ExportCommand.Create(context),
            VerifyCommand.Create(context),
            ReadCommand.Create(context),
            EmulatorCommand.Create(context),
            DemoCommand.Create(context),
            MerchantsCommand.Create(context),
            CoverageCommand.Create(context),
        };
        root.Options.Add(context.Plain);
        root.Options.Add(context.Verbose);
        root.Options.Add(context.Metrics);
        return root;
    }

    private static string Usage(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var path = command is RootCommand ? "clover-export" : $"clover-export {command.Name}";
        return $"Usage: {path} [options]; run '{path} --help' for the options.";
    }

    /// <summary>Start-up validation of settings (Storage, Export, Clover, Merchants), possibly several at once.</summary>
    private static string? OptionsErrors(Exception ex) => ex switch
    {
        OptionsValidationException options => string.Join(" ", options.Failures),
        AggregateException { InnerExceptions: var inner } when inner.All(e => e is OptionsValidationException) =>
            string.Join(" ", inner.Cast<OptionsValidationException>().SelectMany(e => e.Failures)),
        _ => null,
    };

    private static string OneLine(Exception ex)
    {
        var message = ex is AggregateException { InnerExceptions.Count: 1 } single ? single.InnerExceptions[0].Message : ex.Message;
        return message.ReplaceLineEndings(" ");
    }
}

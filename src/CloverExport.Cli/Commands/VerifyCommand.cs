using System.CommandLine;
using CloverExport.Cli.Verification;
using Microsoft.Extensions.Configuration;

namespace CloverExport.Cli.Commands;

/// <summary><c>verify</c>: checks the container's complete windows, optionally against the emulator's ground truth.</summary>
internal static class VerifyCommand
{
    public static Command Create(CliContext context)
    {
        var emulator = new Option<string?>("--emulator")
        {
            Description = "Base URL of a Clover emulator: also compare the stored ids with its ground truth (missing and extra objects).",
        };
        var merchant = new Option<string?>("--merchant", "-m") { Description = "Only this merchant's folder." };
        var command = new Command("verify", "Check every manifest's files (existence, size, object count, SHA-256) and look for duplicates; exit 0 only when all checks pass.")
        {
            emulator, merchant,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = context.ConsoleFor(parse);
            var url = EmulatorUrl(parse.GetValue(emulator));

            var report = await RunAsync(context.Configuration(parse), url, CommandArguments.OptionalMerchantId(parse.GetValue(merchant)), cancellationToken);
            VerifyView.Write(console.Out, report);
            return ExitCode(console, report);
        });
        return command;
    }

    public static async Task<VerifyReport> RunAsync(IConfiguration configuration, Uri? emulator, string? merchantId, CancellationToken cancellationToken)
    {
        var container = StorageClients.Container(configuration);
        using var http = emulator is null ? null : new HttpClient { BaseAddress = WithTrailingSlash(emulator), Timeout = TimeSpan.FromSeconds(30) };
        var verifier = new ContainerVerifier(container, http is null ? null : new GroundTruthClient(http));
        return await verifier.VerifyAsync(merchantId, cancellationToken);
    }

    public static int ExitCode(CliConsole console, VerifyReport report)
    {
        if (report.Passed)
        {
            return ExitCodes.Success;
        }

        console.Error.WriteLine($"error: verify found {report.Problems.Count} problems; first: {report.Problems[0]}");
        return ExitCodes.Failure;
    }

    private static Uri? EmulatorUrl(string? value) =>
        value is null ? null
        : Uri.TryCreate(value, UriKind.Absolute, out var url) && url.Scheme is "http" or "https" ? url
        : throw new CliException($"--emulator '{value}' must be an absolute http(s) URL such as http://127.0.0.1:7070/.");

    private static Uri WithTrailingSlash(Uri url) => url.AbsoluteUri.EndsWith('/') ? url : new Uri(url.AbsoluteUri + "/");
}

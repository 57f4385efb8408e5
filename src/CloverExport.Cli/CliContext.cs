using System.CommandLine;
using Microsoft.Extensions.Configuration;

namespace CloverExport.Cli;

/// <summary>What every command gets: where to write, extra settings from the embedding host, and the shared options.</summary>
internal sealed class CliContext(CliConsole console, IReadOnlyDictionary<string, string?>? settings)
{
    public Option<bool> Plain { get; } = new("--plain")
    {
        Description = "Plain line output instead of the live table (automatic when output is redirected).",
        Recursive = true,
    };

    public Option<bool> Verbose { get; } = new("--verbose")
    {
        Description = "Log the pipeline's activity to stderr (implies --plain).",
        Recursive = true,
    };

    public Option<bool> Metrics { get; } = new("--metrics")
    {
        Description = "Print the run's OpenTelemetry metrics at the end (Clover answers, waits, bytes and objects copied, windows, token refreshes).",
        Recursive = true,
    };

    public IReadOnlyDictionary<string, string?>? Settings { get; } = settings;

    public bool PrintsMetrics(ParseResult parse) => parse.GetValue(Metrics);

    public CliConsole ConsoleFor(ParseResult parse) =>
        parse.GetValue(Plain) || parse.GetValue(Verbose) ? console.AsPlain() : console;

    public bool IsVerbose(ParseResult parse) => parse.GetValue(Verbose);

    /// <summary>The configuration for a command: settings files, environment, host settings, then <c>--Section:Key</c> arguments.</summary>
    public IConfigurationRoot Configuration(ParseResult parse, IReadOnlyDictionary<string, string?>? more = null)
    {
        var settingArgs = CliConfiguration.ValidateSettingArgs(parse.UnmatchedTokens);
        var merged = new Dictionary<string, string?>(Settings ?? new Dictionary<string, string?>(), StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            merged[key] = value;
        }

        return CliConfiguration.Build(settingArgs, merged);
    }
}

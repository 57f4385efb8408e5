namespace CloverExport.Cli.Tests;

/// <summary>One in-process invocation of the CLI with its captured output.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public static async Task<CliRun> InvokeAsync(IReadOnlyDictionary<string, string?>? settings, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(4));
        var exitCode = await CliApp.RunAsync(args, CliConsole.CreatePlain(output, error), settings, timeout.Token);
        return new CliRun(exitCode, output.ToString(), error.ToString());
    }

    public static Task<CliRun> InvokeAsync(params string[] args) => InvokeAsync(null, args);

    public string All => Output + Error;

    /// <summary>Asserts exit code 2 (a usage error) with every one of <paramref name="messages"/> on stderr.</summary>
    public void AssertUsageError(params string[] messages)
    {
        Assert.Equal(ExitCodes.Usage, ExitCode);
        foreach (var message in messages)
        {
            Assert.Contains(message, Error, StringComparison.Ordinal);
        }
    }

    /// <summary>A <c>key=value</c> number from the plain summary line that starts with <paramref name="linePrefix"/>.</summary>
    public long SummaryValue(string linePrefix, string key)
    {
        var line = Output.Split('\n').Single(l => l.StartsWith(linePrefix, StringComparison.Ordinal));
        var field = line.Split(' ').Single(f => f.StartsWith(key + "=", StringComparison.Ordinal));
        return long.Parse(field[(key.Length + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }
}

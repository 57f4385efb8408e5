using Spectre.Console;

namespace CloverExport.Cli;

/// <summary>
/// Where the CLI writes. Interactive consoles get live Spectre.Console tables; anything else
/// (a file, a pipe, a test's StringWriter, <c>--plain</c>) gets plain lines.
/// </summary>
public sealed class CliConsole(TextWriter output, TextWriter error, IAnsiConsole? terminal)
{
    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>The terminal for live rendering; null when output is not a terminal.</summary>
    public IAnsiConsole? Terminal { get; } = terminal;

    public static CliConsole CreateSystem() =>
        new(Console.Out, Console.Error, Console.IsOutputRedirected ? null : AnsiConsole.Console);

    /// <summary>Plain text only, e.g. for tests capturing the output.</summary>
    public static CliConsole CreatePlain(TextWriter output, TextWriter error) => new(output, error, null);

    /// <summary>The same writers without the terminal (the <c>--plain</c> option).</summary>
    public CliConsole AsPlain() => Terminal is null ? this : new CliConsole(Out, Error, null);
}

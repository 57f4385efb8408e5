namespace CloverExport.Cli;

/// <summary>A problem the user can fix (bad option, missing setting): printed as one line, never with a stack trace.</summary>
public sealed class CliException(string message, int exitCode = ExitCodes.Usage) : Exception(message)
{
    public int ExitCode { get; } = exitCode;
}

namespace CloverExport.Cli;

/// <summary>The process exit codes of <c>clover-export</c>.</summary>
public static class ExitCodes
{
    /// <summary>Everything asked for is done (and, for verify, every check passed).</summary>
    public const int Success = 0;

    /// <summary>The command ran but something did not work: failed windows, verify mismatches, an unexpected error.</summary>
    public const int Failure = 1;

    /// <summary>Bad options or configuration: nothing was started.</summary>
    public const int Usage = 2;

    /// <summary>Stopped with Ctrl+C.</summary>
    public const int Cancelled = 130;
}

using System.Diagnostics;
using System.Globalization;

namespace CloverExport.Testing;

/// <summary>
/// Starts programs that die with the test process. Disposing a fixture kills its processes' trees, but
/// a run that is killed (a timeout, Ctrl+C, a crash) disposes nothing, and Azurite or a Functions host
/// would outlive it. So the program runs under a small bash guard, in a process group of its own: the
/// guard kills that group once the test process is gone, forwards SIGINT and SIGTERM to it, and exits
/// with the program's exit code. <see cref="Process.Kill(bool)"/> with the entire tree still stops
/// guard and program at once.
/// </summary>
public static class TiedProcess
{
    // $1: the test process; the rest: the program and its arguments. `set -m` gives the program its own
    // process group (so its children die with it) and keeps SIGINT from being ignored in it.
    private const string Guard = """
        set -m
        parent=$1; shift
        "$@" &
        child=$!
        trap 'kill -INT -- "-$child" 2>/dev/null' INT
        trap 'kill -TERM -- "-$child" 2>/dev/null' TERM
        while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done
        kill -KILL -- "-$child" 2>/dev/null
        wait "$child"
        """;

    /// <summary>Runs <paramref name="program"/> with <paramref name="arguments"/>, output redirected, no shell expansion of either.</summary>
    public static ProcessStartInfo StartInfo(string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["-c", Guard, "tied-process", Environment.ProcessId.ToString(CultureInfo.InvariantCulture), program, .. arguments])
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }
}

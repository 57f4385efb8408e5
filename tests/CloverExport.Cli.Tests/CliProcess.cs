using System.Diagnostics;
using System.Text;

namespace CloverExport.Cli.Tests;

/// <summary>
/// The built <c>clover-export.dll</c> run as a child process (<c>dotnet clover-export.dll …</c>) with
/// settings in environment variables only, so a test can kill it like a crashed worker.
/// </summary>
public sealed class CliProcess : IDisposable
{
    // Settings the test process may carry that must not leak into the child's configuration.
    private static readonly string[] SettingPrefixes = ["Clover__", "Storage__", "Export__", "Merchants__", "Emulator__"];

    private readonly Process process;
    private readonly StringBuilder output = new();
    private readonly string workingDirectory;

    private CliProcess(Process process, string workingDirectory)
    {
        this.process = process;
        this.workingDirectory = workingDirectory;
    }

    public bool HasExited => process.HasExited;

    /// <summary>Everything written to stdout and stderr so far.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    /// <summary>src/CloverExport.Cli/bin/{this test's configuration}/net10.0/clover-export.dll, built by the project reference.</summary>
    public static string CliDll()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = testOutput.Parent!.Name;
        var dll = Path.Combine(RepoPaths.Root, "src", "CloverExport.Cli", "bin", configuration, testOutput.Name, "clover-export.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("The CLI is not built next to the tests.", dll);
    }

    public static CliProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var workingDirectory = Directory.CreateTempSubdirectory("clover-export-cli-").FullName;
        // Tied to the test process: a demo's own Azurite goes down with the CLI, also when the test run is killed.
        var start = TiedProcess.StartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet", [CliDll(), .. args]);

        // No appsettings.json here: the environment is the only source of settings.
        start.WorkingDirectory = workingDirectory;
        foreach (var key in start.Environment.Keys.Where(k => SettingPrefixes.Any(p => k.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToList())
        {
            start.Environment.Remove(key);
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the CLI.");
        var cli = new CliProcess(process, workingDirectory);
        process.OutputDataReceived += (_, e) => cli.Append(e.Data);
        process.ErrorDataReceived += (_, e) => cli.Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return cli;
    }

    /// <summary>SIGKILL: no handler runs, nothing is flushed or cleaned up.</summary>
    public async Task KillAsync()
    {
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>The exit code once the process ends within <paramref name="timeout"/>; killed and failed otherwise.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
            Assert.Fail($"The CLI did not finish within {timeout}: {Output}");
        }

        // The parameterless wait drains the redirected output.
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
        try
        {
            Directory.Delete(workingDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }
}

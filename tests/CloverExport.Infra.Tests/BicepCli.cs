using System.Diagnostics;
using System.Reflection;

namespace CloverExport.Infra.Tests;

/// <summary>Runs the Bicep CLI restored from the Azure.Bicep.CommandLine NuGet package.</summary>
public static class BicepCli
{
    public sealed record Result(int ExitCode, string StandardOutput, string StandardError)
    {
        public string AllOutput => (StandardOutput + StandardError).Trim();
    }

    public static string ExecutablePath { get; } = typeof(BicepCli).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == "BicepExecutable").Value
        ?? throw new InvalidOperationException("BicepExecutable metadata is empty: was the package restored?");

    public static async Task<Result> RunAsync(CancellationToken cancellationToken, params string[] arguments)
    {
        EnsureExecutable();
        var startInfo = new ProcessStartInfo(ExecutablePath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = RepoPaths.Root,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        using var process = Process.Start(startInfo)
            ?? throw new InvalidOperationException($"Could not start {ExecutablePath}.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new Result(process.ExitCode, await stdout, await stderr);
    }

    // NuGet extraction does not always keep the execute bits of a package file.
    private static void EnsureExecutable()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException("Bicep CLI not found; restore the test project.", ExecutablePath);
        }

        if (!OperatingSystem.IsWindows())
        {
            var mode = File.GetUnixFileMode(ExecutablePath);
            const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
            if ((mode & execute) != execute)
            {
                File.SetUnixFileMode(ExecutablePath, mode | execute);
            }
        }
    }
}

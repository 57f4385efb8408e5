using System.Runtime.InteropServices;

namespace CloverExport.Benchmarks;

/// <summary>What the numbers were measured on. Cores come from /proc, not Environment.ProcessorCount (bench.sh overrides that).</summary>
internal sealed record MachineInfo(int Cores, string CpuModel, long MemoryBytes, string Os, string Dotnet, int ProcessorCountSeen, string Commit, DateTimeOffset Date)
{
    public static MachineInfo Read()
    {
        var cpuinfo = TryRead("/proc/cpuinfo");
        var cores = cpuinfo.Count(l => l.StartsWith("processor", StringComparison.Ordinal));
        var model = cpuinfo.FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown";
        var memLine = TryRead("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal));
        var memory = memLine is null ? 0 : long.Parse(memLine.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        var pretty = TryRead("/etc/os-release").FirstOrDefault(l => l.StartsWith("PRETTY_NAME=", StringComparison.Ordinal))?.Split('=', 2)[1].Trim('"');
        var kernel = TryRead("/proc/sys/kernel/osrelease").FirstOrDefault();
        var os = (pretty ?? RuntimeInformation.OSDescription) + (kernel is null ? string.Empty : $", Linux {kernel}") + $", {RuntimeInformation.OSArchitecture}";
        return new MachineInfo(cores == 0 ? Environment.ProcessorCount : cores, model, memory, os, RuntimeInformation.FrameworkDescription,
            Environment.ProcessorCount, ReadCommit(), DateTimeOffset.UtcNow);
    }

    private static string[] TryRead(string path) => File.Exists(path) ? File.ReadAllLines(path) : [];

    private static string ReadCommit()
    {
        var head = Git("rev-parse --short=12 HEAD");
        var dirty = Git("status --porcelain --untracked-files=no");
        return head is null ? "unknown" : dirty is { Length: > 0 } ? head + " (with uncommitted changes)" : head;
    }

    private static string? Git(string arguments)
    {
        try
        {
            using var git = Process.Start(new ProcessStartInfo("git", arguments) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root });
            if (git is null)
            {
                return null;
            }

            var text = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? text : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}

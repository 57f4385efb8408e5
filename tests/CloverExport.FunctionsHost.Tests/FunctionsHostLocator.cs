namespace CloverExport.FunctionsHost.Tests;

/// <summary>Which Functions host runs the app: the shared host's <c>run-host</c>, or Core Tools' <c>func</c>.</summary>
public sealed record FunctionsHostCommand(string Path, bool IsCoreTools)
{
    /// <summary>Core Tools accepts any key or none locally: key checks only mean something in the shared host.</summary>
    public bool EnforcesKeys => !IsCoreTools;
}

/// <summary>
/// Finds a Functions host: <c>FUNCTIONS_HOST_PATH</c> (the folder with <c>run-host</c>, or the script
/// itself), else <c>../shared/functions-host</c> next to the repository (or next to a folder above it),
/// else <c>func</c> on PATH.
/// </summary>
public static class FunctionsHostLocator
{
    public const string EnvironmentVariable = "FUNCTIONS_HOST_PATH";

    private static readonly Lazy<FunctionsHostCommand?> Found = new(Locate);

    public static FunctionsHostCommand? Host => Found.Value;

    public static string NotFoundReason =>
        $"No Azure Functions host found: set {EnvironmentVariable} to a folder with run-host, put the shared host at ../shared/functions-host next to the repository, or install Core Tools (func on PATH).";

    private static FunctionsHostCommand? Locate()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } configured)
        {
            var script = Directory.Exists(configured) ? Path.Combine(configured, "run-host") : configured;
            return File.Exists(script) ? new FunctionsHostCommand(script, IsCoreTools: false) : null;
        }

        // ../shared/functions-host next to the clone; a git worktree nested deeper finds it further up.
        for (var dir = new DirectoryInfo(RepoPaths.Root); dir?.Parent is not null; dir = dir.Parent)
        {
            var shared = Path.Combine(dir.Parent.FullName, "shared", "functions-host", "run-host");
            if (File.Exists(shared))
            {
                return new FunctionsHostCommand(shared, IsCoreTools: false);
            }
        }

        var func = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "func"))
            .FirstOrDefault(File.Exists);
        return func is null ? null : new FunctionsHostCommand(func, IsCoreTools: true);
    }
}

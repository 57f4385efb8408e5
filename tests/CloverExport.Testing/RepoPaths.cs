namespace CloverExport.Testing;

/// <summary>Folders of the repository the tests and benchmarks run from.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>The folder holding CloverExport.sln, found by walking up from the running binaries.</summary>
    public static string Root => LazyRoot.Value;

    public static string Infra => Path.Combine(Root, "infra");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloverExport.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No CloverExport.sln above {AppContext.BaseDirectory}.");
    }
}

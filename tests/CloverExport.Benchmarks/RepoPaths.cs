namespace CloverExport.Benchmarks;

internal static class RepoPaths
{
    /// <summary>The repository root: the nearest folder up from the working directory holding CloverExport.sln.</summary>
    public static string Root()
    {
        for (var dir = new DirectoryInfo(Environment.CurrentDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "CloverExport.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from inside the repository (CloverExport.sln not found).");
    }

    public static string DefaultReport() => Path.Combine(Root(), "docs", "benchmarks.md");
}

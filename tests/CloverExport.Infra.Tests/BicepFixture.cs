namespace CloverExport.Infra.Tests;

/// <summary>Lints and compiles infra/main.bicep once for all tests.</summary>
public sealed class BicepFixture : IAsyncLifetime
{
    private readonly string _outputDirectory = Directory.CreateTempSubdirectory("clover-infra-").FullName;

    public BicepCli.Result Lint { get; private set; } = null!;

    public BicepCli.Result Build { get; private set; } = null!;

    public CompiledTemplate Template { get; private set; } = null!;

    public static string MainBicep => Path.Combine(RepoPaths.Infra, "main.bicep");

    public async Task InitializeAsync()
    {
        var outFile = Path.Combine(_outputDirectory, "main.json");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var lint = BicepCli.RunAsync(timeout.Token, "lint", MainBicep);
        var build = BicepCli.RunAsync(timeout.Token, "build", MainBicep, "--outfile", outFile);
        Lint = await lint;
        Build = await build;
        if (Build.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({Build.ExitCode}):\n{Build.AllOutput}");
        }

        Template = new CompiledTemplate(await File.ReadAllTextAsync(outFile, timeout.Token));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_outputDirectory, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class BicepCollection : ICollectionFixture<BicepFixture>
{
    public const string Name = "bicep";
}

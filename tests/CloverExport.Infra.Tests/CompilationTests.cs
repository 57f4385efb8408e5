namespace CloverExport.Infra.Tests;

[Collection(BicepCollection.Name)]
public sealed class CompilationTests(BicepFixture fixture)
{
    [Fact]
    public void Lint_of_main_and_its_modules_reports_nothing()
    {
        Assert.True(fixture.Lint.ExitCode == 0, $"bicep lint failed:\n{fixture.Lint.AllOutput}");
        // Warnings count as failures: a clean lint prints nothing at all.
        Assert.Equal(string.Empty, fixture.Lint.AllOutput);
    }

    [Fact]
    public void Build_reports_no_warnings() => Assert.Equal(string.Empty, fixture.Build.AllOutput);

    [Fact]
    public void Main_template_is_a_subscription_deployment() =>
        Assert.Contains("subscriptionDeploymentTemplate.json", JsonText.Of(fixture.Template.Root["$schema"]), StringComparison.Ordinal);

    [Fact]
    public async Task Bicepconfig_makes_linter_findings_errors()
    {
        // A throwaway file next to a copy of infra/bicepconfig.json: an unused variable must fail the lint.
        var folder = Directory.CreateTempSubdirectory("clover-bicepconfig-").FullName;
        try
        {
            File.Copy(Path.Combine(RepoPaths.Infra, "bicepconfig.json"), Path.Combine(folder, "bicepconfig.json"));
            var file = Path.Combine(folder, "probe.bicep");
            await File.WriteAllTextAsync(file, "var unused = 'x'\n");

            var result = await BicepCli.RunAsync(CancellationToken.None, "lint", file);

            Assert.NotEqual(0, result.ExitCode);
            Assert.Contains("Error no-unused-vars", result.AllOutput, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

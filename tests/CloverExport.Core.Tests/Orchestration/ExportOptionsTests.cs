using CloverExport.Core.Configuration;
using CloverExport.Core.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tests.Orchestration;

public class ExportOptionsTests
{
    [Theory]
    [InlineData("Export:SettleLag", "00:00:00", "Export:SettleLag must be at least 00:05:00")]
    [InlineData("Export:SettleLag", "00:04:59", "Export:SettleLag must be at least 00:05:00")]
    [InlineData("Export:RunEndAlignment", "00:07:00", "Export:RunEndAlignment must divide a day evenly")]
    [InlineData("Export:RunEndAlignment", "2.00:00:00", "Export:RunEndAlignment must divide a day evenly")]
    [InlineData("Export:Revisit", "3.00:00:00,soon", "Export:Revisit: 'soon' is not a time span")]
    [InlineData("Export:Revisit", "-1.00:00:00", "Export:Revisit must list at most 10 positive ages")]
    [InlineData("Export:SnapshotRetention", "-00:00:01", "Export:SnapshotRetention must not be negative")]
    public void Start_up_validation_names_the_setting(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var provider = new ServiceCollection().AddLogging().AddCloverExportPipeline(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ExportOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void The_defaults_are_valid_and_as_documented()
    {
        var options = new ExportOptions();

        Assert.Equal(TimeSpan.FromDays(1), options.SettleLag);
        Assert.Equal(TimeSpan.FromDays(1), options.RunEndAlignment);
        Assert.Equal([TimeSpan.FromDays(3), TimeSpan.FromDays(14), TimeSpan.FromDays(45)], options.RevisitAges());
        Assert.Equal(TimeSpan.FromDays(7), options.SnapshotRetention);
        Assert.Empty(options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)));
    }

    [Fact]
    public void Empty_settings_mean_no_revisits_and_every_snapshot_kept()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Export:Revisit"] = "",
            ["Export:SnapshotRetention"] = "",
        }).Build();
        using var provider = new ServiceCollection().AddLogging().AddCloverExportPipeline(configuration).BuildServiceProvider();

        var options = provider.GetRequiredService<IOptions<ExportOptions>>().Value;

        Assert.Empty(options.RevisitAges());
        Assert.Null(options.SnapshotRetention);
    }
}

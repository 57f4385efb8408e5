using CloverExport.Core.Configuration;
using CloverExport.Core.Orchestration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tests.Orchestration;

public class ExportOptionsTests
{
    // Each failure reads as the message alone, naming the setting as users write it.
    [Theory]
    [InlineData("Export:SettleLag", "00:00:00", "Export:SettleLag must be at least 00:05:00: Clover's newest minutes are not settled (clock skew, objects still being written).")]
    [InlineData("Export:SettleLag", "00:04:59", "Export:SettleLag must be at least 00:05:00: Clover's newest minutes are not settled (clock skew, objects still being written).")]
    [InlineData("Export:RunEndAlignment", "00:07:00", "Export:RunEndAlignment must divide a day evenly, from 00:01:00 to 1.00:00:00 (e.g. 01:00:00 or 1.00:00:00).")]
    [InlineData("Export:RunEndAlignment", "2.00:00:00", "Export:RunEndAlignment must divide a day evenly, from 00:01:00 to 1.00:00:00 (e.g. 01:00:00 or 1.00:00:00).")]
    [InlineData("Export:Revisit", "3.00:00:00,soon", "Export:Revisit: 'soon' is not a time span such as 3.00:00:00.")]
    [InlineData("Export:Revisit", "-1.00:00:00", "Export:Revisit must list at most 10 positive ages up to 400 days, such as 3.00:00:00,14.00:00:00.")]
    [InlineData("Export:SnapshotRetention", "-00:00:01", "Export:SnapshotRetention must not be negative (leave it empty to keep every snapshot).")]
    [InlineData("Export:Types", "ORDERS,REFUNDS", "Export:Types: 'REFUNDS' is not an export type; use ORDERS or PAYMENTS.")]
    [InlineData("Export:PollInitialInterval", "00:00:00", "Export:PollInitialInterval must be a positive time span such as 00:00:30.")]
    [InlineData("Export:PollMaxInterval", "00:00:01", "Export:PollMaxInterval must not be shorter than Export:PollInitialInterval.")]
    [InlineData("Export:InstanceRetention", "00:10:00", "Export:InstanceRetention must be at least 01:00:00 (one hour), e.g. 30.00:00:00.")]
    [InlineData("Export:ClosedHoursJitter", "-00:00:01", "Export:ClosedHoursJitter must not be negative.")]
    [InlineData("Export:WindowBudget", "01:00:00", "Export:WindowBudget must not be shorter than Export:ExportDeadline.")]
    [InlineData("Export:BackfillStart", "2009-12-31", "Export:BackfillStart (2009-12-31) must not be before Export:EarliestDataStart (2010-01-01).")]
    [InlineData("Export:MaxExportsInFlightPerApp", "101", "Export:MaxExportsInFlightPerApp must be between 0 (scheduler off) and 100.")]
    [InlineData("Export:WindowsPerGeneration", "0", "Export:WindowsPerGeneration must be between 1 and 100.")]
    [InlineData("Export:MaxParallelFileCopies", "65", "Export:MaxParallelFileCopies must be between 1 and 64.")]
    public void Start_up_validation_names_the_setting(string key, string value, string expected)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();
        using var provider = new ServiceCollection().AddLogging().AddCloverExportPipeline(configuration).BuildServiceProvider();

        var error = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<ExportOptions>>().Value);

        Assert.Equal([expected], error.Failures);
    }

    [Fact]
    public void The_defaults_are_valid_and_as_documented()
    {
        var options = new ExportOptions();

        Assert.Equal(TimeSpan.FromDays(1), options.SettleLag);
        Assert.Equal(TimeSpan.FromDays(1), options.RunEndAlignment);
        Assert.Equal([TimeSpan.FromDays(3), TimeSpan.FromDays(14), TimeSpan.FromDays(45)], options.RevisitAges());
        Assert.Equal(TimeSpan.FromDays(7), options.SnapshotRetention);
        Assert.True(new ExportOptionsValidator().Validate(null, options).Succeeded);
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

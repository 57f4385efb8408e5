using Microsoft.Extensions.Configuration;

namespace CloverExport.Emulator.Tests;

/// <summary>The README's setting names and values bind as the console host binds them (section Emulator, env Emulator__X).</summary>
public sealed class OptionsBindingTests
{
    [Fact]
    public void Documented_names_and_values_bind_to_the_options()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Emulator:ConcurrencyBody"] = "NestedError",
            ["Emulator:ClosedHoursBody"] = "IsoNextAvailable",
            ["Emulator:HoursMode"] = "PerMinute",
            ["Emulator:OpenSecondsPerMinute"] = "45",
            ["Emulator:FileListOrder"] = "Shuffled",
            ["Emulator:FilterField"] = "modifiedTime",
            ["Emulator:MutationPercent"] = "20",
            ["Emulator:MutationDelayMin"] = "00:00:05",
            ["Emulator:MutationDelayMax"] = "2.00:00:00",
        }).Build();

        var options = configuration.GetSection(EmulatorOptions.SectionName).Get<EmulatorOptions>()!;

        Assert.Equal(UnavailableBodyStyle.NestedError, options.ConcurrencyBody);
        Assert.Equal(UnavailableBodyStyle.IsoNextAvailable, options.ClosedHoursBody);
        Assert.Equal(HoursMode.PerMinute, options.HoursMode);
        Assert.Equal(45, options.OpenSecondsPerMinute);
        Assert.Equal(FileListOrder.Shuffled, options.FileListOrder);
        Assert.Equal(FilterField.ModifiedTime, options.FilterField);
        Assert.Equal(20, options.MutationPercent);
        Assert.Equal(TimeSpan.FromSeconds(5), options.MutationDelayMin);
        Assert.Equal(TimeSpan.FromDays(2), options.MutationDelayMax);
    }

    [Theory]
    [InlineData(nameof(EmulatorOptions.OpenSecondsPerMinute), "Emulator:OpenSecondsPerMinute")]
    [InlineData(nameof(EmulatorOptions.MutationPercent), "Emulator:MutationPercent")]
    [InlineData(nameof(EmulatorOptions.MutationDelayMax), "Emulator:MutationDelayMax")]
    public async Task Out_of_range_settings_are_refused_at_start_naming_the_setting(string option, string setting)
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(() => TestHost.StartAsync(o =>
        {
            switch (option)
            {
                case nameof(EmulatorOptions.OpenSecondsPerMinute):
                    o.OpenSecondsPerMinute = 60;
                    break;
                case nameof(EmulatorOptions.MutationPercent):
                    o.MutationPercent = 101;
                    break;
                default:
                    o.MutationDelayMax = TimeSpan.FromSeconds(1);
                    o.MutationDelayMin = TimeSpan.FromSeconds(2);
                    break;
            }
        }));

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }
}

using CloverExport.Cli.Progress;
using CloverExport.Core.Orchestration;

namespace CloverExport.Cli.Tests;

/// <summary>The fleet line of `clover-export run`: slots in use, the effective limit, and the queue.</summary>
public sealed class FleetProgressTests
{
    private static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Slots_held_by_windows_not_yet_reporting_exporting_still_count_as_in_use()
    {
        // The scheduler told the queued window 3 of 3 are held, though only one holder has reported "exporting" so far.
        var line = ProgressText.Fleet(
        [
            Merchant("MERCHANTAAAA1", new WindowProgress("exporting", 1, "E1", 10, SlotLimit: 3)),
            Merchant("MERCHANTAAAA2", new WindowProgress("waiting-for-slot", 1, null, 0, "app-wide export limit", Start, SlotPosition: 1, SlotsInUse: 3, SlotLimit: 3)),
        ]);

        Assert.Equal("export slots: 3/3 in use, 1 window(s) of 1 merchant(s) waiting for a slot", line);
    }

    [Fact]
    public void Windows_seen_exporting_count_when_nobody_is_queued_and_no_scheduler_means_no_line()
    {
        var line = ProgressText.Fleet(
        [
            Merchant("MERCHANTAAAA1", new WindowProgress("exporting", 1, "E1", 10, SlotLimit: 3)),
            Merchant("MERCHANTAAAA2", new WindowProgress("exporting", 1, "E2", 50, SlotLimit: 3)),
        ]);

        Assert.Equal("export slots: 2/3 in use, 0 window(s) of 0 merchant(s) waiting for a slot", line);
        Assert.Null(ProgressText.Fleet([Merchant("MERCHANTAAAA1", new WindowProgress("exporting", 1, "E1", 10))]));
    }

    [Fact]
    public void Waiting_windows_are_counted_with_the_merchants_they_belong_to()
    {
        var line = ProgressText.Fleet(
        [
            Merchant("MERCHANTAAAA1", new WindowProgress("exporting", 1, "E1", 10, SlotLimit: 2), new WindowProgress("waiting-for-slot", 1, null, 0, "app-wide export limit", Start, SlotPosition: 3, SlotsInUse: 2, SlotLimit: 2)),
            Merchant("MERCHANTAAAA2", Queued(1), Queued(2)),
        ]);

        Assert.Equal("export slots: 2/2 in use, 3 window(s) of 2 merchant(s) waiting for a slot", line);
    }

    private static WindowProgress Queued(int position) =>
        new("waiting-for-slot", 1, null, 0, "app-wide export limit", Start, SlotPosition: position, SlotsInUse: 2, SlotLimit: 2);

    private static MerchantSnapshot Merchant(string id, params WindowProgress[] windows) => new(
        id,
        "export-" + id,
        "Running",
        null,
        [.. windows.Select((progress, i) => new WindowSnapshot(new ActiveWindow("ORDERS", Start.AddDays(30 * i), Start.AddDays(30 * (i + 1)), progress.Step, $"export-{id}:w{i}"), progress))],
        TimeSpan.Zero);
}

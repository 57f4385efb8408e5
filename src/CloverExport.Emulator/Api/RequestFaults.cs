using CloverExport.Emulator.State;

namespace CloverExport.Emulator.Api;

/// <summary>Faults shared by API and file requests.</summary>
internal static class RequestFaults
{
    /// <summary>
    /// SlowResponse waits on the real clock: it imitates network latency, which client timeouts
    /// measure in real time even when the emulator's business clock is faked.
    /// </summary>
    public static async Task DelayIfSlowAsync(EmulatorState state, string merchantId, CancellationToken cancellationToken)
    {
        if (state.Faults.TryConsume(EmulatorFaultKind.SlowResponse, merchantId) is { } slow)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(slow.Fault.DelayMs ?? 1000), cancellationToken);
        }
    }
}

namespace CloverExport.Emulator.State;

/// <summary>Rate limiter verdict: admitted, or wait RetryAfterSeconds.</summary>
internal sealed record RateDecision(bool Admitted, int RetryAfterSeconds, int Remaining);

namespace CloverExport.Emulator.State;

/// <summary>A fault that matched a request; ClosedUntil is set for time-boxed closed hours.</summary>
internal sealed record FaultHit(EmulatorFault Fault, DateTimeOffset? ClosedUntil);

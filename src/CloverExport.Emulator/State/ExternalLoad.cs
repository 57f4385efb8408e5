namespace CloverExport.Emulator.State;

/// <summary>Export slots held by "other apps" of the same Clover app-wide limit, until <see cref="Until"/> (null = until cleared).</summary>
internal sealed record ExternalLoad(int Slots, DateTimeOffset? Until);

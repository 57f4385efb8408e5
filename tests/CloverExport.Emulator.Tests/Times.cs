namespace CloverExport.Emulator.Tests;

/// <summary>Epoch-millisecond helpers for the pipeline's 30-day blocks.</summary>
internal static class Times
{
    public const long Day = 86_400_000;
    public const long Block = 2_592_000_000;

    /// <summary>The first 30-day block starting inside the test merchants' 2024 data: 2024-01-18.</summary>
    public const long BlockStart = 658 * Block;

    public static long Ms(int year, int month, int day) =>
        new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds();
}

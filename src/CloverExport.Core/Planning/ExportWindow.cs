using CloverExport.Core.Clover;

namespace CloverExport.Core.Planning;

/// <summary>One Clover export's worth of time for one type: <see cref="End"/> is inclusive (Clover's endTime).</summary>
public sealed record ExportWindow(ExportType Type, DateTimeOffset Start, DateTimeOffset End)
{
    public override string ToString() => $"{Type.ToWireName()} {Start:yyyy-MM-ddTHH:mm:ss.fffZ}..{End:yyyy-MM-ddTHH:mm:ss.fffZ}";
}

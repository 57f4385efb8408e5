using CloverExport.Core.Clover;

namespace CloverExport.Core.Planning;

/// <summary>One Clover export's worth of time for one type: <see cref="End"/> is inclusive (Clover's endTime).</summary>
/// <param name="Revision">Which snapshot of the window this export makes: 0 the first, 1 and up its revisits.
/// Defaults to 0 so window inputs of runs started before revisits existed still deserialize as first exports.</param>
public sealed record ExportWindow(ExportType Type, DateTimeOffset Start, DateTimeOffset End, int Revision = 0)
{
    public bool IsRevisit => Revision > 0;

    /// <summary>True when both cover the same milliseconds of the same type, whichever snapshot they are.</summary>
    public bool SameRangeAs(ExportWindow other) => Type == other.Type && Start == other.Start && End == other.End;

    public override string ToString() =>
        $"{Type.ToWireName()} {Start:yyyy-MM-ddTHH:mm:ss.fffZ}..{End:yyyy-MM-ddTHH:mm:ss.fffZ}{(IsRevisit ? $" (revisit {Revision})" : string.Empty)}";
}

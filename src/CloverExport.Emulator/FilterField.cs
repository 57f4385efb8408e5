namespace CloverExport.Emulator;

/// <summary>The object time an export's startTime/endTime filter on (Clover does not document which).</summary>
public enum FilterField
{
    CreatedTime,
    ModifiedTime,
}

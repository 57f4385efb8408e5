using CloverExport.Emulator.Data;
using CloverExport.Emulator.State;

namespace CloverExport.Emulator.Files;

/// <summary>The objects of one export file, generated day by day as they are written.</summary>
internal static class ExportFileContent
{
    public static IEnumerable<IExportObject> Objects(ExportJob job, MerchantData data, int index, int objectsPerFile)
    {
        var skip = (long)index * objectsPerFile;
        var take = objectsPerFile;
        foreach (var (day, count) in job.DayCounts)
        {
            if (skip >= count)
            {
                // The per-day counts taken at creation let whole days be skipped without building them.
                skip -= count;
                continue;
            }

            foreach (var o in data.Select(day, job.Selection))
            {
                if (skip > 0)
                {
                    skip--;
                    continue;
                }

                yield return o;
                if (--take == 0)
                {
                    yield break;
                }
            }
        }
    }
}

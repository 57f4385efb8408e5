using System.Globalization;

namespace CloverExport.Cli.Verification;

/// <summary>Prints a verify report: one line per merchant and type, then problems and notes.</summary>
internal static class VerifyView
{
    private const int MaxProblems = 50;
    private const int MaxNotes = 20;

    public static void Write(TextWriter output, VerifyReport report)
    {
        foreach (var t in report.Types)
        {
            var truth = report.ComparedWithGroundTruth ? string.Create(CultureInfo.InvariantCulture, $" missing={t.Missing} extra={t.Extra}") : string.Empty;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"verify: {t.MerchantId} {t.Type} windows={t.Windows} incomplete={t.IncompleteWindows} files={t.Files} objects={t.Objects} bytes={t.Bytes} duplicates={t.Duplicates} superseded={t.Superseded}{truth}"));
        }

        WriteCapped(output, "problem", report.Problems, MaxProblems);
        WriteCapped(output, "note", report.Notes, MaxNotes);

        var windows = report.Types.Sum(t => t.Windows);
        var objects = report.Types.Sum(t => t.Objects);
        var against = report.ComparedWithGroundTruth ? ", compared with the emulator's ground truth" : string.Empty;
        output.WriteLine(report.Passed
            ? string.Create(CultureInfo.InvariantCulture, $"verify: PASSED: {windows} complete windows, {objects} objects checked{against}.")
            : string.Create(CultureInfo.InvariantCulture, $"verify: FAILED: {report.Problems.Count} problems in {windows} complete windows{against}."));
    }

    private static void WriteCapped(TextWriter output, string kind, IReadOnlyList<string> lines, int max)
    {
        foreach (var line in lines.Take(max))
        {
            output.WriteLine($"{kind}: {line}");
        }

        if (lines.Count > max)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind}: ... and {lines.Count - max} more."));
        }
    }
}

namespace CloverExport.Pipeline.Tests;

internal static class Results
{
    /// <summary>A run result with its failure reasons, for assertion messages.</summary>
    public static string Describe(MerchantExportResult result) =>
        $"{result.Status}: {result.Totals.WindowsDone}/{result.Totals.WindowsPlanned} windows, {result.Totals.WindowsFailed} failed; " +
        string.Join(" | ", result.Totals.Failures.Select(f => $"{f.Window}: {f.Reason}")) + (result.Error is null ? string.Empty : $" error: {result.Error}");
}

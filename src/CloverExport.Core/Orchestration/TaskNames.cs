namespace CloverExport.Core.Orchestration;

/// <summary>The one place orchestration and activity names come from: every host registers these.</summary>
public static class TaskNames
{
    public const string MerchantExport = nameof(MerchantExportOrchestrator);
    public const string ExportWindow = nameof(ExportWindowOrchestrator);

    /// <summary>
    /// The sequence of calls <see cref="ExportWindowOrchestrator"/> makes, carried in
    /// <see cref="ExportWindowInput.Version"/>. Bump it when a change alters that sequence, and keep the
    /// old sequence behind a branch on the input's version while instances of it may run (docs/deploy.md).
    /// </summary>
    public const int ExportWindowVersion = 2;

    public const string PlanExport = nameof(PlanExportActivity);
    public const string RequestExportSlot = nameof(RequestExportSlotActivity);
    public const string ReleaseExportSlot = nameof(ReleaseExportSlotActivity);
    public const string CreateExport = nameof(CreateExportActivity);
    public const string GetExportStatus = nameof(GetExportStatusActivity);
    public const string CopyExportFiles = nameof(CopyExportFilesActivity);
    public const string CommitWindow = nameof(CommitWindowActivity);
    public const string RecordWindowFailures = nameof(Coverage.RecordWindowFailuresActivity);

    /// <summary>The instance id of a merchant's export run: one at a time per merchant, whoever starts it.</summary>
    public static string MerchantInstanceId(string merchantId) => $"export-{merchantId}";
}

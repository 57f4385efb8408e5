using CloverExport.Core.Orchestration;
using CloverExport.Core.Planning;

namespace CloverExport.Core.Tests.Orchestration;

/// <summary>Runs <see cref="ExportWindowOrchestrator"/> on a <see cref="FakeOrchestrationContext"/> against a scripted Clover and slot gate, through every ContinueAsNew.</summary>
internal sealed class WindowScript
{
    public static readonly DateTime Start = new(2026, 3, 2, 14, 0, 0, DateTimeKind.Utc);

    public static readonly ExportPolicy Policy = new(
        PollInitialInterval: TimeSpan.FromSeconds(10),
        PollMaxInterval: TimeSpan.FromMinutes(1),
        ExportDeadline: TimeSpan.FromMinutes(30),
        MaxExportAttempts: 3,
        MaxExportsInFlight: 1,
        MaxParallelFileCopies: 2,
        WindowsPerGeneration: 8,
        ClosedHoursJitter: TimeSpan.FromMinutes(2),
        ActivityRetryInterval: TimeSpan.FromSeconds(1),
        ConcurrencyRetryDelay: TimeSpan.FromMinutes(1),
        WindowBudget: TimeSpan.FromHours(6));

    public static readonly ExportWindow Window = new(ExportType.Orders, new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 1, 31, 23, 59, 59, 999, TimeSpan.Zero));

    public FakeOrchestrationContext Context { get; } = new("m1:run:ORDERS:0:e0", Start);

    /// <summary>Create answers, in order; the last repeats.</summary>
    public List<CloverCallResult> Creates { get; } = [];

    /// <summary>Status answers, in order; the last repeats.</summary>
    public List<CloverCallResult> Statuses { get; } = [];

    /// <summary>Slot answers, in order; the last repeats. Default: granted by an app-wide scheduler of 3.</summary>
    public List<ExportSlotDecision> Slots { get; } = [];

    public List<string> WakeOnRelease { get; } = [];

    public int Generations { get; private set; }

    public List<ExportSlotRelease> Releases => [.. Context.InputsOf<ExportSlotRelease>(TaskNames.ReleaseExportSlot)];

    public int CreateCount => Context.CallCount(TaskNames.CreateExport);

    public WindowScript()
    {
        var creates = 0;
        var statuses = 0;
        var slots = 0;
        Context.Activity = (name, input) => name switch
        {
            TaskNames.RequestExportSlot => Next(Slots, ref slots, new ExportSlotDecision(true, InUse: 1, Limit: 3)),
            TaskNames.ReleaseExportSlot => new ExportSlotReleased([.. WakeOnRelease]),
            TaskNames.CreateExport => Next(Creates, ref creates, Ok("x1", "PENDING")),
            TaskNames.GetExportStatus => Next(Statuses, ref statuses, Ok("x1", "DONE")),
            _ => throw new InvalidOperationException($"unexpected activity {name}"),
        };
    }

    public static CloverCallResult Ok(string id, string status, int percent = 0) =>
        new(CloverCallOutcome.Ok, id, status, percent, FileCount: status == "DONE" ? 2 : 0, AvailableUntil: status == "DONE" ? new DateTimeOffset(Start.AddDays(1)) : null);

    public static CloverCallResult Wait(CloverUnavailableReason reason, DateTime? retryAt = null) =>
        new(CloverCallOutcome.Wait, RetryAt: retryAt is { } at ? new DateTimeOffset(at) : new DateTimeOffset(Start.AddMinutes(1)), Reason: reason.ToString());

    public static CloverCallResult Outcome(CloverCallOutcome outcome, string reason) => new(outcome, Reason: reason);

    public async Task<ExportWindowOutcome> RunAsync(ExportPolicy? policy = null, int version = TaskNames.ExportWindowVersion)
    {
        object input = new ExportWindowInput("m1", Window, policy ?? Policy, Version: version);
        while (true)
        {
            Generations++;
            var outcome = await new ExportWindowOrchestrator().RunAsync(Context, (ExportWindowInput)input);
            if (Context.TakeContinuation() is not { } next)
            {
                return outcome;
            }

            input = next;
        }
    }

    private static T Next<T>(List<T> answers, ref int index, T fallback) =>
        answers.Count == 0 ? fallback : answers[Math.Min(index++, answers.Count - 1)];
}

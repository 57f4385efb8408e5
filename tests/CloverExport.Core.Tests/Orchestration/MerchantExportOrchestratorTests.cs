using CloverExport.Core.Coverage;
using CloverExport.Core.Orchestration;
using CloverExport.Core.Planning;
using CloverExport.Core.Storage;
using static CloverExport.Core.Tests.Orchestration.WindowScript;

namespace CloverExport.Core.Tests.Orchestration;

public sealed class MerchantExportOrchestratorTests
{
    private static readonly ExportWindow[] Windows =
    [
        new(ExportType.Orders, new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 1, 31, 23, 59, 59, 999, TimeSpan.Zero)),
        new(ExportType.Payments, new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 1, 31, 23, 59, 59, 999, TimeSpan.Zero)),
        new(ExportType.Orders, new(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), new(2026, 2, 28, 23, 59, 59, 999, TimeSpan.Zero)),
    ];

    private sealed class Script
    {
        public FakeOrchestrationContext Context { get; } = new("export-m1", Start);

        public ExportPlan Plan { get; set; } = new([ExportType.Orders, ExportType.Payments], Windows[0].Start, Windows[2].End, Windows, 0, Policy);

        /// <summary>The window orchestration's answer per call (window, call number from 0).</summary>
        public Func<ExportWindow, int, ExportWindowOutcome> Export { get; set; } = (_, _) => new(true, "x", 1, 1, null);

        /// <summary>The copy activity's answer per call (window, call number from 0).</summary>
        public Func<ExportWindow, int, CopyFilesResult> Copy { get; set; } = (w, _) => new([new CopiedFile(0, "b", 10, 100, 100, "s")]);

        public Script()
        {
            var exports = new Dictionary<ExportWindow, int>();
            var copies = new Dictionary<ExportWindow, int>();
            Context.Activity = (name, input) => name switch
            {
                TaskNames.PlanExport => Plan,
                TaskNames.CopyExportFiles => Copy(((CopyFilesRequest)input!).Window, Count(copies, ((CopyFilesRequest)input!).Window)),
                TaskNames.CommitWindow => new CommitWindowResult(10, 100, ((CommitWindowRequest)input!).Files.Count),
                TaskNames.RecordWindowFailures => true,
                _ => throw new InvalidOperationException(name),
            };
            Context.SubOrchestration = (name, input, id) =>
            {
                var window = ((ExportWindowInput)input!).Window;
                return Task.FromResult<object?>(Export(window, Count(exports, window)));
            };
        }

        public Task<MerchantExportResult> RunAsync(MerchantExportInput? input = null) =>
            new MerchantExportOrchestrator().RunAsync(Context, input ?? new MerchantExportInput("m1"));

        private static int Count(Dictionary<ExportWindow, int> counts, ExportWindow window)
        {
            counts[window] = counts.GetValueOrDefault(window) + 1;
            return counts[window] - 1;
        }
    }

    [Fact]
    public async Task Every_window_exported_copied_and_committed_completes_the_run()
    {
        var script = new Script();

        var result = await script.RunAsync();

        Assert.Equal(MerchantExportStatus.Completed, result.Status);
        Assert.Equal((3, 3, 0, 30L), (result.Totals.WindowsPlanned, result.Totals.WindowsDone, result.Totals.WindowsFailed, result.Totals.Objects));
        Assert.Equal(3, script.Context.CallCount(TaskNames.CommitWindow));
        Assert.Null(script.Context.TakeContinuation());

        // Windows start on this release's sequence (docs/deploy.md).
        Assert.All(script.Context.InputsOf<ExportWindowInput>(TaskNames.ExportWindow), i => Assert.Equal(TaskNames.ExportWindowVersion, i.Version));
    }

    [Fact]
    public async Task A_plan_error_rejects_the_run_before_any_window()
    {
        var script = new Script { Plan = new([], default, default, [], 0, Policy, "Merchant 'm1' is not configured.") };

        var result = await script.RunAsync();

        Assert.Equal(MerchantExportStatus.Rejected, result.Status);
        Assert.Equal(0, script.Context.CallCount(TaskNames.ExportWindow));
    }

    [Fact]
    public async Task A_failed_window_is_recorded_and_the_others_go_on()
    {
        var script = new Script { Export = (w, _) => w == Windows[1] ? new(false, null, 0, 3, "The window ran out of its budget", ExportsAbandoned: 2) : new(true, "x", 1, 1, null) };

        var result = await script.RunAsync();

        Assert.Equal(MerchantExportStatus.CompletedWithFailures, result.Status);
        Assert.Equal((2, 1, 2), (result.Totals.WindowsDone, result.Totals.WindowsFailed, result.Totals.ExportsAbandoned));
        Assert.Contains("budget", Assert.Single(result.Totals.Failures).Reason);
        var recorded = Assert.Single(script.Context.InputsOf<RecordWindowFailuresRequest>(TaskNames.RecordWindowFailures));
        Assert.Equal(Windows[1], Assert.Single(recorded.Failures).Window);
    }

    [Fact]
    public async Task A_window_orchestration_that_throws_fails_only_its_window()
    {
        var script = new Script();
        script.Context.SubOrchestration = (name, input, id) => ((ExportWindowInput)input!).Window == Windows[0]
            ? Task.FromException<object?>(FakeOrchestrationContext.Failure(name, "boom"))
            : Task.FromResult<object?>(new ExportWindowOutcome(true, "x", 1, 1, null));

        var result = await script.RunAsync();

        Assert.Equal((2, 1), (result.Totals.WindowsDone, result.Totals.WindowsFailed));
        Assert.Contains("boom", result.Totals.Failures[0].Reason);
    }

    [Fact]
    public async Task Files_expired_before_the_copy_export_the_window_again()
    {
        var script = new Script { Copy = (w, n) => w == Windows[0] && n == 0 ? new([], Expired: true, Reason: "gone") : new([new CopiedFile(0, "b", 10, 100, 100, "s")]) };

        var result = await script.RunAsync();

        Assert.Equal(MerchantExportStatus.Completed, result.Status);
        Assert.Equal(4, script.Context.CallCount(TaskNames.ExportWindow));
        Assert.Contains(script.Context.InputsOf<ExportWindowInput>(TaskNames.ExportWindow), i => i.Window == Windows[0] && i.Policy.MaxExportAttempts == Policy.MaxExportAttempts - 1);
    }

    [Fact]
    public async Task A_rate_limited_copy_waits_on_a_durable_timer_and_resumes_the_same_export()
    {
        var retryAt = new DateTimeOffset(Start.AddMinutes(10));
        var script = new Script
        {
            Copy = (w, n) => w == Windows[0] && n < 2 ? new([], Reason: "RateLimited", Wait: true, RetryAt: retryAt) : new([new CopiedFile(0, "b", 10, 100, 100, "s")]),
        };

        var result = await script.RunAsync();

        Assert.Equal(MerchantExportStatus.Completed, result.Status);
        Assert.Equal(3, script.Context.CallCount(TaskNames.ExportWindow));
        Assert.Contains(retryAt.UtcDateTime, script.Context.Timers);
        Assert.Equal(5, script.Context.CallCount(TaskNames.CopyExportFiles));
    }

    [Fact]
    public async Task A_copy_wait_past_the_files_availability_exports_the_window_again()
    {
        var script = new Script
        {
            Export = (_, _) => new(true, "x", 1, 1, null, AvailableUntil: new DateTimeOffset(Start.AddMinutes(5))),
            Copy = (w, n) => w == Windows[0] && n == 0 ? new([], Reason: "ConcurrencyLimit", Wait: true, RetryAt: new DateTimeOffset(Start.AddHours(1))) : new([new CopiedFile(0, "b", 10, 100, 100, "s")]),
        };

        var result = await script.RunAsync();

        Assert.Equal(MerchantExportStatus.Completed, result.Status);
        Assert.Equal(4, script.Context.CallCount(TaskNames.ExportWindow));
    }

    [Fact]
    public async Task A_merchant_removed_mid_run_stops_at_the_first_answer_with_one_reason()
    {
        var policy = Policy with { MaxExportsInFlight = 1 };
        var script = new Script
        {
            Plan = new([ExportType.Orders, ExportType.Payments], Windows[0].Start, Windows[2].End, Windows, 5, policy),
            Export = (w, _) => w == Windows[0] ? new(true, "x", 1, 1, null) : new(false, null, 0, 0, "Merchant m1 is not configured.", MerchantGone: true),
        };

        var result = await script.RunAsync();

        Assert.Equal(MerchantExportStatus.Rejected, result.Status);
        Assert.Equal("Merchant m1 is not configured.", result.Error);
        Assert.Equal((1, 0), (result.Totals.WindowsDone, result.Totals.WindowsFailed));
        Assert.Equal(2, script.Context.CallCount(TaskNames.ExportWindow));
        Assert.Null(script.Context.TakeContinuation());
    }

    [Fact]
    public async Task A_merchant_removed_before_its_files_are_read_stops_the_run()
    {
        var script = new Script { Copy = (_, _) => new([], Reason: "Merchant m1 is not configured.", MerchantGone: true) };

        var result = await script.RunAsync();

        Assert.Equal(MerchantExportStatus.Rejected, result.Status);
        Assert.Equal(0, result.Totals.WindowsFailed);
    }

    [Fact]
    public async Task More_windows_than_a_generation_continue_as_new_with_counters_only()
    {
        var script = new Script { Plan = new([ExportType.Orders, ExportType.Payments], Windows[0].Start, Windows[2].End, Windows, 7, Policy) };

        await script.RunAsync();

        var next = Assert.IsType<MerchantExportInput>(script.Context.TakeContinuation());
        Assert.Equal((1, 10, 3), (next.Continuation!.Generation, next.Continuation.Totals.WindowsPlanned, next.Continuation.Totals.WindowsDone));
        Assert.Equal(WindowKey.Of(Windows[2]), next.Continuation.After);
    }

    [Fact]
    public async Task Windows_start_no_more_than_the_per_merchant_bound_at_a_time()
    {
        var script = new Script { Plan = new([ExportType.Orders, ExportType.Payments], Windows[0].Start, Windows[2].End, Windows, 0, Policy with { MaxExportsInFlight = 2 }) };
        var pending = new List<TaskCompletionSource<object?>>();
        var peak = 0;
        script.Context.SubOrchestration = (_, _, _) =>
        {
            var done = new TaskCompletionSource<object?>();
            pending.Add(done);
            peak = Math.Max(peak, pending.Count(p => !p.Task.IsCompleted));
            return done.Task;
        };

        var run = script.RunAsync();
        while (!run.IsCompleted)
        {
            await Task.Yield();
            pending.FirstOrDefault(p => !p.Task.IsCompleted)?.SetResult(new ExportWindowOutcome(true, "x", 1, 1, null));
        }

        Assert.Equal(MerchantExportStatus.Completed, (await run).Status);
        Assert.Equal(2, peak);
    }
}

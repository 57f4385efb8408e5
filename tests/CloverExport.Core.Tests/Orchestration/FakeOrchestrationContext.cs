using System.Globalization;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Entities;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CloverExport.Core.Tests.Orchestration;

/// <summary>
/// A scripted <see cref="TaskOrchestrationContext"/>: activities and sub-orchestrations answer from
/// handlers, timers complete at once and move the clock to when they fire, events arrive when the
/// script says. Runs an orchestrator's branches in microseconds, with no engine, storage or emulator.
/// </summary>
internal sealed class FakeOrchestrationContext(string instanceId, DateTime start) : TaskOrchestrationContext
{
    private int guids;

    /// <summary>Answers an activity call: name and input in, result out (throw a <see cref="TaskFailedException"/> to fail it).</summary>
    public Func<string, object?, object?> Activity { get; set; } = (name, _) => throw new InvalidOperationException($"unexpected activity {name}");

    /// <summary>Answers a sub-orchestration call: name, input and instance id in, a task of the result out.</summary>
    public Func<string, object?, string?, Task<object?>> SubOrchestration { get; set; } =
        (name, _, _) => throw new InvalidOperationException($"unexpected sub-orchestration {name}");

    /// <summary>Whether the next event waited for with a timeout arrives (true) or the wait times out (false). Default: times out.</summary>
    public Func<bool> EventArrives { get; set; } = () => false;

    private bool? eventDue;

    public List<(string Name, object? Input)> Calls { get; } = [];

    /// <summary>
    /// Every action the orchestrator issued, in order, as the history would hold it: calls with their
    /// serialized inputs, timers, event waits and sends, ContinueAsNew. Two runs whose lists differ
    /// would not replay each other's history.
    /// </summary>
    public List<string> Actions { get; } = [];

    private static string Json(object? value) => JsonSerializer.Serialize(value, JsonSerializerOptions.Web);

    public List<DateTime> Timers { get; } = [];

    public List<object?> Statuses { get; } = [];

    public List<(string InstanceId, string Name)> SentEvents { get; } = [];

    public object? ContinuedAsNewWith { get; private set; }

    public DateTime Now { get; set; } = start;

    public override TaskName Name => "test";

    public override string InstanceId { get; } = instanceId;

    public override ParentOrchestrationInstance? Parent => null;

    public override DateTime CurrentUtcDateTime => Now;

    public override bool IsReplaying => false;

    public override TaskOrchestrationEntityFeature Entities => throw new NotSupportedException();

    protected override ILoggerFactory LoggerFactory => NullLoggerFactory.Instance;

    /// <summary>The input of the ContinueAsNew the last run asked for (then forgotten), or null when it ended.</summary>
    public object? TakeContinuation()
    {
        var next = ContinuedAsNewWith;
        ContinuedAsNewWith = null;
        return next;
    }

    public int CallCount(string name) => Calls.Count(c => c.Name == name);

    public IEnumerable<T> InputsOf<T>(string name) => Calls.Where(c => c.Name == name).Select(c => (T)c.Input!);

    /// <summary>A call budget, so an orchestrator that loops forever fails its test instead of hanging it.</summary>
    public int MaxCalls { get; set; } = 5_000;

    public static TaskFailedException Failure(string task, string message) =>
        new(task, 1, new TaskFailureDetails("System.InvalidOperationException", message, null, null, null));

    public override Task<TResult> CallActivityAsync<TResult>(TaskName name, object? input = null, TaskOptions? options = null)
    {
        Calls.Add((name.Name, input));
        Actions.Add($"activity {name.Name} {Json(input)}");
        if (Calls.Count > MaxCalls)
        {
            throw new InvalidOperationException($"more than {MaxCalls} calls: the orchestrator does not end");
        }

        try
        {
            return Task.FromResult((TResult)Activity(name.Name, input)!);
        }
        catch (TaskFailedException ex)
        {
            return Task.FromException<TResult>(ex);
        }
    }

    public override async Task<TResult> CallSubOrchestratorAsync<TResult>(TaskName orchestratorName, object? input = null, TaskOptions? options = null)
    {
        Calls.Add((orchestratorName.Name, input));
        var id = (options as SubOrchestrationOptions)?.InstanceId;
        Actions.Add($"sub-orchestration {orchestratorName.Name} {id} {Json(input)}");
        return (TResult)(await SubOrchestration(orchestratorName.Name, input, id))!;
    }

    public override Task CreateTimer(DateTime fireAt, CancellationToken cancellationToken)
    {
        // A cancellable timer is the timeout of WaitForExternalEvent(name, timeout): the script decides which wins.
        Actions.Add(string.Create(CultureInfo.InvariantCulture, $"timer {fireAt:O}"));
        if (cancellationToken.CanBeCanceled && (eventDue = EventArrives()) == true)
        {
            return Task.Delay(Timeout.Infinite, cancellationToken);
        }

        Timers.Add(fireAt);
        if (fireAt > Now)
        {
            Now = fireAt;
        }

        return Task.CompletedTask;
    }

    public override Task<T> WaitForExternalEvent<T>(string eventName, CancellationToken cancellationToken = default)
    {
        Calls.Add(("wait:" + eventName, null));
        Actions.Add($"wait-for-event {eventName}");
        var arrives = eventDue == true;
        eventDue = null;
        var pending = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (arrives)
        {
            pending.SetResult(default!);
        }
        else
        {
            cancellationToken.Register(() => pending.TrySetCanceled(cancellationToken));
        }

        return pending.Task;
    }

    public override void SendEvent(string instanceId, string eventName, object payload)
    {
        SentEvents.Add((instanceId, eventName));
        Actions.Add($"send-event {instanceId} {eventName} {Json(payload)}");
    }

    public override void SetCustomStatus(object? customStatus) => Statuses.Add(customStatus);

    public override void ContinueAsNew(object? newInput = null, bool preserveUnprocessedEvents = true)
    {
        ContinuedAsNewWith = newInput;
        Actions.Add($"continue-as-new {Json(newInput)}");
    }

    public override Guid NewGuid() => new(++guids, 0, 0, [0, 0, 0, 0, 0, 0, 0, 0]);

    public override T GetInput<T>() => throw new NotSupportedException();
}

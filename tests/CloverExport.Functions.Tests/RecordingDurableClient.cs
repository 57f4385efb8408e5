namespace CloverExport.Functions.Tests;

/// <summary>
/// Records schedule requests and instance queries, and answers queries from <see cref="Hub"/> page by
/// page (the token is the next index): for asserting exactly what a trigger asked for.
/// </summary>
public sealed class RecordingDurableClient() : DurableTaskClient("recording")
{
    public List<(TaskName Name, object? Input, StartOrchestrationOptions? Options)> Scheduled { get; } = [];

    /// <summary>The instances the task hub holds, in its order.</summary>
    public List<OrchestrationMetadata> Hub { get; } = [];

    /// <summary>Each page read: the query, the token and page size it was read with.</summary>
    public List<(OrchestrationQuery? Query, string? Token, int? PageSize)> PageReads { get; } = [];

    public override Task<string> ScheduleNewOrchestrationInstanceAsync(
        TaskName orchestratorName, object? input = null, StartOrchestrationOptions? options = null, CancellationToken cancellation = default)
    {
        Scheduled.Add((orchestratorName, input, options));
        return Task.FromResult(options?.InstanceId ?? Guid.NewGuid().ToString("N"));
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;

    public override AsyncPageable<OrchestrationMetadata> GetAllInstancesAsync(OrchestrationQuery? filter = null) =>
        Pageable.Create<OrchestrationMetadata>((token, pageSize, cancellation) =>
        {
            PageReads.Add((filter, token, pageSize));
            var start = token is null ? 0 : int.Parse(token, System.Globalization.CultureInfo.InvariantCulture);
            var size = pageSize ?? filter?.PageSize ?? 100;
            var page = Hub.Where(i => i.InstanceId.StartsWith(filter?.InstanceIdPrefix ?? string.Empty, StringComparison.Ordinal)).Skip(start).Take(size).ToList();
            var next = start + size < Hub.Count ? (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
            return Task.FromResult(new Page<OrchestrationMetadata>(page, next));
        });

    public override Task<OrchestrationMetadata?> GetInstancesAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task RaiseEventAsync(string instanceId, string eventName, object? eventPayload = null, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task ResumeInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task SuspendInstanceAsync(string instanceId, string? reason = null, CancellationToken cancellation = default) => throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceCompletionAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();

    public override Task<OrchestrationMetadata> WaitForInstanceStartAsync(string instanceId, bool getInputsAndOutputs = false, CancellationToken cancellation = default) =>
        throw new NotSupportedException();
}

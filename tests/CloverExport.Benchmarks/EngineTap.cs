using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Core.Interceptors;
using P = Microsoft.DurableTask.Protobuf;

namespace CloverExport.Benchmarks;

/// <summary>What the engine did for one orchestration instance id (all generations of it).</summary>
/// <param name="MaxHistory">Largest history an episode replayed (past + new events), i.e. the largest generation seen.</param>
/// <param name="Generations">Episodes that started with an empty history: the first run and every ContinueAsNew.</param>
internal sealed record InstanceTally(int Episodes, int Generations, int MaxHistory, int Activities, int Timers, int SubOrchestrations);

/// <summary>
/// A gRPC interceptor between the worker and the in-process engine. The engine in
/// Microsoft.DurableTask.InProcessTestHost 0.2.3 does not answer history queries
/// (<c>GetOrchestrationHistoryAsync</c> comes back empty), so history is counted on the wire instead:
/// every orchestrator work item carries the instance's history (past + new events), and every
/// episode's completion lists the activities, timers and sub-orchestrations it schedules.
/// </summary>
internal sealed class EngineTap : Interceptor
{
    private readonly ConcurrentDictionary<string, Tally> tallies = new(StringComparer.Ordinal);

    /// <summary>The window sub-orchestrations of a merchant instance (their ids start with the parent's id and a colon).</summary>
    public IReadOnlyList<InstanceTally> ChildrenOf(string instanceId) =>
        [.. tallies.Where(t => t.Key.StartsWith(instanceId + ":", StringComparison.Ordinal)).Select(t => t.Value.ToRecord())];

    public InstanceTally For(string instanceId) =>
        tallies.TryGetValue(instanceId, out var tally) ? tally.ToRecord() : new InstanceTally(0, 0, 0, 0, 0, 0);

    public override AsyncServerStreamingCall<TResponse> AsyncServerStreamingCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncServerStreamingCallContinuation<TRequest, TResponse> continuation)
    {
        var call = continuation(request, context);
        if (call.ResponseStream is not IAsyncStreamReader<P.WorkItem> items)
        {
            return call;
        }

        var tapped = (IAsyncStreamReader<TResponse>)(object)new TappedWorkItems(items, this);
        return new AsyncServerStreamingCall<TResponse>(tapped, call.ResponseHeadersAsync, call.GetStatus, call.GetTrailers, call.Dispose);
    }

    public override AsyncUnaryCall<TResponse> AsyncUnaryCall<TRequest, TResponse>(
        TRequest request, ClientInterceptorContext<TRequest, TResponse> context, AsyncUnaryCallContinuation<TRequest, TResponse> continuation)
    {
        if (request is P.OrchestratorResponse response)
        {
            var tally = tallies.GetOrAdd(response.InstanceId, _ => new Tally());
            foreach (var action in response.Actions)
            {
                switch (action.OrchestratorActionTypeCase)
                {
                    case P.OrchestratorAction.OrchestratorActionTypeOneofCase.ScheduleTask:
                        Interlocked.Increment(ref tally.Activities);
                        break;
                    case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateTimer:
                        Interlocked.Increment(ref tally.Timers);
                        break;
                    case P.OrchestratorAction.OrchestratorActionTypeOneofCase.CreateSubOrchestration:
                        Interlocked.Increment(ref tally.SubOrchestrations);
                        break;
                }
            }
        }

        return continuation(request, context);
    }

    private void Observe(P.WorkItem item)
    {
        if (item.OrchestratorRequest is not { } request)
        {
            return;
        }

        var tally = tallies.GetOrAdd(request.InstanceId, _ => new Tally());
        Interlocked.Increment(ref tally.Episodes);
        if (request.PastEvents.Count == 0)
        {
            Interlocked.Increment(ref tally.Generations);
        }

        var history = request.PastEvents.Count + request.NewEvents.Count;
        int seen;
        while (history > (seen = Volatile.Read(ref tally.MaxHistory)) && Interlocked.CompareExchange(ref tally.MaxHistory, history, seen) != seen)
        {
        }
    }

    private sealed class Tally
    {
        public int Episodes;
        public int Generations;
        public int MaxHistory;
        public int Activities;
        public int Timers;
        public int SubOrchestrations;

        public InstanceTally ToRecord() => new(Episodes, Generations, MaxHistory, Activities, Timers, SubOrchestrations);
    }

    private sealed class TappedWorkItems(IAsyncStreamReader<P.WorkItem> inner, EngineTap tap) : IAsyncStreamReader<P.WorkItem>
    {
        public P.WorkItem Current => inner.Current;

        public async Task<bool> MoveNext(CancellationToken cancellationToken)
        {
            var next = await inner.MoveNext(cancellationToken);
            if (next)
            {
                tap.Observe(inner.Current);
            }

            return next;
        }
    }
}

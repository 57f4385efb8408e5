using DurableTask.Core;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Logging;

namespace CloverExport.Cli.Engine;

/// <summary>
/// The embedded engine's in-memory backend with its dispatchers sized for this pipeline. Left alone it
/// takes both limits from <see cref="Environment.ProcessorCount"/> and sleeps 500 ms whenever they are
/// full, so on 2 cores two activities run at a time and every fan-out stalls (docs/benchmarks.md,
/// benchmark 4). Our work items wait on Clover and storage, not on the CPU, so the limit is a floor.
/// </summary>
/// <remarks>
/// The limits are plain properties of the backend; re-implementing <see cref="IOrchestrationService"/>
/// maps just these two to ours and leaves every other member to the base class.
/// </remarks>
internal sealed class SizedInMemoryOrchestrationService(ILoggerFactory? loggerFactory)
    : InMemoryOrchestrationService(loggerFactory), IOrchestrationService
{
    /// <summary>What the tests and bench.sh measured with <c>DOTNET_PROCESSOR_COUNT=16</c>, now without the variable.</summary>
    public const int MinimumWorkItems = 16;

    public static int WorkItems => Math.Max(MinimumWorkItems, Environment.ProcessorCount);

    public new int MaxConcurrentTaskOrchestrationWorkItems => WorkItems;

    public new int MaxConcurrentTaskActivityWorkItems => WorkItems;
}

using Microsoft.DurableTask;

namespace CloverExport.Core.Orchestration;

/// <summary>
/// An activity that is also a plain service. The Functions host calls <see cref="ExecuteAsync"/> with its
/// invocation's cancellation token (<c>ActivityFunctions</c>); a Durable Task worker (the CLI, tests) calls
/// <see cref="RunAsync"/>, which has no token to give.
/// </summary>
public abstract class PipelineActivity<TInput, TOutput> : TaskActivity<TInput, TOutput>
{
    public sealed override Task<TOutput> RunAsync(TaskActivityContext context, TInput input) => ExecuteAsync(input, CancellationToken.None);

    public abstract Task<TOutput> ExecuteAsync(TInput input, CancellationToken cancellationToken);
}

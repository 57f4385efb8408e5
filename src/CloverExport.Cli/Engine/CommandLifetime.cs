using Microsoft.Extensions.Hosting;

namespace CloverExport.Cli.Engine;

/// <summary>
/// The engine's host lives exactly as long as a command: it must not react to Ctrl+C or SIGTERM
/// itself (the command does, so it can stop cleanly and print its summary).
/// </summary>
internal sealed class CommandLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

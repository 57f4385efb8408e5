using Microsoft.Extensions.Time.Testing;

namespace CloverExport.Functions.Tests;

/// <summary>
/// A test of the functions against a fresh stand-in engine (<see cref="PipelineEngine"/>) and, when it
/// asks for them, the Functions services (<see cref="FunctionsServices.Build"/>, with <paramref name="settings"/>)
/// on a clock fixed at <see cref="Now"/>.
/// </summary>
public abstract class StandInEngineTest(IDictionary<string, string?>? settings = null) : IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);

    private PipelineEngine? engine;
    private ServiceProvider? services;

    protected PipelineEngine Engine => engine ?? throw new InvalidOperationException("The engine has not started.");

    protected DurableTaskClient Client => Engine.Client;

    protected ServiceProvider Services => services ??= FunctionsServices.Build(new FakeTimeProvider(Now), settings);

    public async Task InitializeAsync() => engine = await PipelineEngine.StartAsync();

    public async Task DisposeAsync()
    {
        if (engine is not null)
        {
            await engine.DisposeAsync();
        }

        if (services is not null)
        {
            await services.DisposeAsync();
        }
    }
}

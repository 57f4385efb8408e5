using CloverExport.Core.Clover;
using CloverExport.Core.Configuration;
using CloverExport.Core.Merchants;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace CloverExport.Cli.Engine;

/// <summary>
/// The export pipeline hosted on the embedded in-process Durable Task engine: the same orchestrators
/// and activities as the Functions app, registered through the same Core extension methods.
/// The engine keeps its state in memory, so a run's instances live only as long as the process.
/// </summary>
internal sealed class ExportEngine : IAsyncDisposable
{
    private readonly IHost host;

    private ExportEngine(IHost host)
    {
        this.host = host;
        Client = host.Services.GetRequiredService<DurableTaskClient>();
        Merchants = host.Services.GetRequiredService<IMerchantDirectory>();
    }

    public DurableTaskClient Client { get; }

    public IMerchantDirectory Merchants { get; }

    /// <summary>Builds and starts the host; settings are validated here (bad settings throw OptionsValidationException).</summary>
    public static async Task<ExportEngine> StartAsync(IConfigurationRoot configuration, bool verbose, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddConfiguration(configuration);
        builder.Logging.ClearProviders();
        if (verbose)
        {
            // Logs go to stderr so stdout keeps only progress and the summary.
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
            }).SetMinimumLevel(LogLevel.Information);
            builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
            builder.Logging.AddFilter("Microsoft", LogLevel.Warning).AddFilter("Polly", LogLevel.Warning).AddFilter("Grpc", LogLevel.Warning).AddFilter("System.Net.Http", LogLevel.Warning)
                .AddFilter("Azure", LogLevel.Warning);
        }

        builder.Services.AddCloverExportPipeline(configuration);

        builder.Services.AddInMemoryDurableTask(tasks => tasks.AddCloverExportTasks(), new InMemoryDurableTaskOptions { Port = FreePort.Next() });
        // Registered after the engine's own backend, so this one is resolved and handed to its dispatchers.
        builder.Services.AddSingleton<InMemoryOrchestrationService>(p => new SizedInMemoryOrchestrationService(p.GetService<ILoggerFactory>()));
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton<IHostLifetime, CommandLifetime>();

        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
        }
        catch
        {
            host.Dispose();
            throw;
        }

        return new ExportEngine(host);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await host.StopAsync(CancellationToken.None);
        }
        finally
        {
            host.Dispose();
        }
    }

}

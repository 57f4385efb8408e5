using CloverExport.Emulator.Admin;
using CloverExport.Emulator.State;

namespace CloverExport.Emulator;

/// <summary>A running emulator on real sockets (tests start one per class; the console app runs one until stopped).</summary>
public sealed class CloverEmulatorHost : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly EmulatorState state;

    private CloverEmulatorHost(WebApplication app, EmulatorState state, Uri apiBaseUrl, Uri fileBaseUrl)
    {
        this.app = app;
        this.state = state;
        ApiBaseUrl = apiBaseUrl;
        FileBaseUrl = fileBaseUrl;
    }

    /// <summary>Base URL of the Clover API, e.g. http://127.0.0.1:41234/.</summary>
    public Uri ApiBaseUrl { get; }

    /// <summary>Base URL of the file host (a second port when SeparateFileHost).</summary>
    public Uri FileBaseUrl { get; }

    public EmulatorOptions Options => state.Options;

    internal ILogger Logger => app.Logger;

    /// <summary>A snapshot of the counters.</summary>
    public EmulatorCounters Counters => state.Snapshot();

    /// <summary>Starts an emulator on <see cref="EmulatorOptions.ListenAddress"/> (free ports unless set).</summary>
    public static Task<CloverEmulatorHost> StartAsync(EmulatorOptions options, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });

        // Hosted inside another program (tests, the CLI): only the options passed in count, never the
        // host program's appsettings.json or environment.
        builder.Configuration.Sources.Clear();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        return StartAsync(builder, options, cancellationToken);
    }

    /// <summary>Ids of a merchant's objects with startMs &lt;= createdTime &lt;= endMsInclusive that exist now (emulator clock), in createdTime order.</summary>
    public IReadOnlyList<string> GroundTruth(string merchantId, string type, long startMs, long endMsInclusive) =>
        GroundTruthQuery.Build(state, merchantId, type, startMs, endMsInclusive, null, FilterField.CreatedTime).Ids;

    /// <summary>Same as GET /_emulator/ground-truth/{mId}?asOf=&amp;field=: the objects (with their JSON) as of <paramref name="asOfMs"/> (default now) and the deleted ones.</summary>
    public GroundTruthSnapshot GroundTruthAsOf(string merchantId, string type, long startMs, long endMsInclusive, long? asOfMs = null, FilterField field = FilterField.CreatedTime) =>
        GroundTruthQuery.Build(state, merchantId, type, startMs, endMsInclusive, asOfMs, field);

    /// <summary>Same as POST /_emulator/faults.</summary>
    public void AddFault(EmulatorFault fault) => state.Faults.Add(fault);

    /// <summary>Same as POST /_emulator/external-load: "other apps" hold <paramref name="slots"/> app-wide export slots for <paramref name="duration"/> (null = until cleared).</summary>
    public void AddExternalLoad(int slots, TimeSpan? duration = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        state.Exports.AddExternalLoad(new ExternalLoad(slots, duration is { } d ? state.Time.GetUtcNow() + d : null));
    }

    /// <summary>Same as DELETE /_emulator/external-load.</summary>
    public void ClearExternalLoad() => state.Exports.ClearExternalLoad();

    /// <summary>Same as POST /_emulator/merchants/{mId}/revoke: the merchant's OAuth tokens stop working.</summary>
    public void RevokeTokens(string merchantId) => AdminEndpoints.Merchant(state, merchantId).Credentials.Revoke();

    /// <summary>Every access and refresh token the emulator handed out for the merchant (code only, for tests that scan outputs).</summary>
    public IReadOnlyList<string> IssuedTokens(string merchantId) => AdminEndpoints.Merchant(state, merchantId).Credentials.Issued();

    public Task WaitForShutdownAsync(CancellationToken cancellationToken = default) => app.WaitForShutdownAsync(cancellationToken);

    public async Task DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    internal static async Task<CloverEmulatorHost> StartAsync(WebApplicationBuilder builder, EmulatorOptions options, CancellationToken cancellationToken)
    {
        var listeners = new EmulatorListeners();
        var app = EmulatorApplication.Build(builder, options, listeners);
        var state = app.Services.GetRequiredService<EmulatorState>();
        await app.StartAsync(cancellationToken);
        var apiBase = BaseUrl(listeners.Api);
        var fileBase = options.SeparateFileHost ? BaseUrl(listeners.Files) : apiBase;
        state.SeparateFilePort = options.SeparateFileHost ? fileBase.Port : 0;
        state.FileBaseUrl = fileBase;
        return new CloverEmulatorHost(app, state, apiBase, fileBase);
    }

    private static Uri BaseUrl(Microsoft.AspNetCore.Server.Kestrel.Core.ListenOptions? listen)
    {
        var endpoint = listen?.IPEndPoint ?? throw new InvalidOperationException("Kestrel did not bind the emulator's endpoint.");
        return new Uri($"http://{endpoint.Address}:{endpoint.Port}/");
    }
}

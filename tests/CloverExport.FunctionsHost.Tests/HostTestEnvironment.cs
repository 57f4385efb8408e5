using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using CloverExport.Emulator;

namespace CloverExport.FunctionsHost.Tests;

/// <summary>
/// What every host test shares, set up once per test run: the Functions app published into a temp
/// folder, one Azurite, one Clover emulator with a merchant per test. Each test starts its own host
/// (or shares <see cref="ApiHostAsync"/>) with its own task hub, so their runs never meet. Without a
/// Functions host nothing starts (the tests are skipped).
/// </summary>
public sealed class HostTestEnvironment : IAsyncLifetime
{
    /// <summary>Never fires during a test run (once a year); the tests fire the timer through the admin endpoint.</summary>
    public const string IdleSchedule = "0 0 0 1 1 *";

    private static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    private readonly SemaphoreSlim apiHostLock = new(1, 1);
    private readonly List<FunctionsHostProcess> hosts = [];
    private string? workFolder;
    private AzuriteInstance? azurite;
    private CloverEmulatorHost? emulator;
    private FunctionsHostProcess? apiHost;

    public static FunctionsHostCommand Host => FunctionsHostLocator.Host ?? throw new InvalidOperationException(FunctionsHostLocator.NotFoundReason);

    public string AppFolder => Path.Combine(workFolder ?? throw new InvalidOperationException("Not set up."), "app");

    public AzuriteInstance Azurite => azurite ?? throw new InvalidOperationException("Not set up.");

    public CloverEmulatorHost Emulator => emulator ?? throw new InvalidOperationException("Not set up.");

    /// <summary>A fresh AES key for the local encrypted token store of one host.</summary>
    public static string NewEncryptionKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public async Task InitializeAsync()
    {
        if (FunctionsHostLocator.Host is null)
        {
            return;
        }

        workFolder = Directory.CreateTempSubdirectory("clover-functions-host-tests-").FullName;
        var publish = PublishAsync(AppFolder);
        try
        {
            azurite = await AzuriteInstance.StartAsync();
            emulator = await CloverEmulatorHost.StartAsync(HostTestMerchants.EmulatorOptions());
        }
        finally
        {
            // Never leave the publish running behind a failed start.
            await publish;
        }
    }

    /// <summary>
    /// The app settings of a host against this Azurite and emulator: its own task hub and container,
    /// short poll intervals, the timer idle. Merchants come from <paramref name="overrides"/> (either
    /// <c>Merchants__N__*</c> or <c>Merchants__Store=Table</c>); a null value removes a setting.
    /// </summary>
    public Dictionary<string, string?> Settings(string name, IReadOnlyDictionary<string, string?>? overrides = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = Azurite.ConnectionString,
            ["FUNCTIONS_WORKER_RUNTIME"] = "dotnet-isolated",
            ["TaskHubName"] = "h" + name + Guid.NewGuid().ToString("N")[..8],
            ["ExportSchedule"] = IdleSchedule,
            ["ExportStaggerWindow"] = "00:00:00",
            ["Storage__ConnectionString"] = Azurite.ConnectionString,
            ["Storage__Container"] = "c" + name + Guid.NewGuid().ToString("N")[..8],
            ["Clover__BaseUrl"] = Emulator.ApiBaseUrl.ToString(),
            ["Clover__AllowedFileHosts"] = "127.0.0.1",
            ["Export__SettleLag"] = "01:00:00",
            ["Export__PollInitialInterval"] = "00:00:00.500",
            ["Export__PollMaxInterval"] = "00:00:01",
            ["Export__ActivityRetryInterval"] = "00:00:00.500",
            ["Export__ClosedHoursJitter"] = "00:00:00",
        };
        foreach (var (key, value) in overrides ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Starts a host and waits until it runs; it is killed when the environment is disposed, if not before.</summary>
    public async Task<FunctionsHostProcess> StartHostAsync(IReadOnlyDictionary<string, string?> settings, int? port = null, string? stateFolder = null)
    {
        var host = FunctionsHostProcess.Start(Host, AppFolder, settings, port, stateFolder);
        lock (hosts)
        {
            hosts.Add(host);
        }

        await host.WaitUntilRunningAsync(TimeSpan.FromSeconds(90));
        return host;
    }

    /// <summary>Starts a host that is expected to fail; not waited on.</summary>
    public FunctionsHostProcess LaunchHost(IReadOnlyDictionary<string, string?> settings)
    {
        var host = FunctionsHostProcess.Start(Host, AppFolder, settings);
        lock (hosts)
        {
            hosts.Add(host);
        }

        return host;
    }

    /// <summary>
    /// The host shared by the HTTP API tests: merchants in an Azure Table (<c>Merchants:Store=Table</c>)
    /// written by onboarding, tokens in the local encrypted store.
    /// </summary>
    public async Task<FunctionsHostProcess> ApiHostAsync()
    {
        await apiHostLock.WaitAsync();
        try
        {
            return apiHost ??= await StartHostAsync(Settings("api", new Dictionary<string, string?>
            {
                ["Merchants__Store"] = "Table",
                ["Merchants__TableName"] = "merchants" + Guid.NewGuid().ToString("N")[..8],
                ["Tokens__LocalEncryptionKey"] = NewEncryptionKey(),
                ["Tokens__ClientId"] = "host-tests",
            }));
        }
        finally
        {
            apiHostLock.Release();
        }
    }

    /// <summary>Stops every host, the emulator and Azurite, each even when stopping another one failed.</summary>
    public async Task DisposeAsync()
    {
        List<IAsyncDisposable> started;
        lock (hosts)
        {
            started = [.. hosts];
        }

        started.AddRange(new IAsyncDisposable?[] { emulator, azurite }.OfType<IAsyncDisposable>());
        var failures = new List<Exception>();
        foreach (var resource in started)
        {
            try
            {
                await resource.DisposeAsync();
            }
#pragma warning disable CA1031 // Collected and rethrown below, after the rest is stopped.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                failures.Add(ex);
            }
        }

        if (workFolder is not null)
        {
            try
            {
                Directory.Delete(workFolder, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        apiHostLock.Dispose();
        if (failures.Count > 0)
        {
            throw new AggregateException("Not every test process stopped cleanly.", failures);
        }
    }

    /// <summary>
    /// <c>dotnet publish</c> of the Functions project, Release, into <paramref name="output"/>: the
    /// folder a deployment ships. Release keeps it apart from the Debug build the other tests run.
    /// </summary>
    private static async Task PublishAsync(string output)
    {
        var project = Path.Combine(RepoPaths.Root, "src", "CloverExport.Functions", "CloverExport.Functions.csproj");
        // No build servers: MSBuild nodes and the compiler server would outlive the test run.
        var start = TiedProcess.StartInfo("dotnet", ["publish", project, "-c", "Release", "-o", output, "--nologo", "-v", "q", "--disable-build-servers"]);
        // The test run's own settings must not leak into the build.
        start.Environment.Remove("DOTNET_PROCESSOR_COUNT");
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start dotnet publish.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(PublishTimeout);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet publish did not finish within {PublishTimeout}.");
        }

        if (process.ExitCode != 0 || !File.Exists(Path.Combine(output, "functions.metadata")))
        {
            var log = await stdout + "\n" + await stderr;
            throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"dotnet publish failed ({process.ExitCode}):\n{log}"));
        }
    }
}

[CollectionDefinition(Name)]
public sealed class HostCollection : ICollectionFixture<HostTestEnvironment>
{
    public const string Name = "Functions host";
}

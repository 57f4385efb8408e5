using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CloverExport.Testing;

/// <summary>
/// Azurite started from the repository's own node_modules on free ports, with a throw-away data
/// folder; disposed, it kills the process tree, and it dies with the test process (<see cref="TiedProcess"/>).
/// Tests share one through <see cref="AzuriteFixture"/>.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    // Azurite's well-known development account; it is public and only ever valid against Azurite.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string dataFolder;
    private readonly bool inMemory;
    private Process? process;

    private AzuriteInstance(string dataFolder, bool inMemory, int blobPort, int queuePort, int tablePort)
    {
        this.dataFolder = dataFolder;
        this.inMemory = inMemory;
        BlobPort = blobPort;
        QueuePort = queuePort;
        TablePort = tablePort;
    }

    public int BlobPort { get; }

    public int QueuePort { get; }

    public int TablePort { get; }

    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};" +
        $"BlobEndpoint=http://127.0.0.1:{BlobPort}/{AccountName};" +
        $"QueueEndpoint=http://127.0.0.1:{QueuePort}/{AccountName};" +
        $"TableEndpoint=http://127.0.0.1:{TablePort}/{AccountName};";

    public BlobServiceClient CreateBlobServiceClient() => new(ConnectionString);

    public static Task<AzuriteInstance> StartAsync(CancellationToken cancellationToken = default) => StartAsync(inMemory: true, cancellationToken);

    /// <param name="inMemory">Keep blobs in Azurite's memory (fast, for tests); false stores them in the
    /// throw-away data folder, so data survives <see cref="StopAsync"/> and gigabyte benchmarks do not
    /// grow the node process by the data they write.</param>
    public static async Task<AzuriteInstance> StartAsync(bool inMemory, CancellationToken cancellationToken = default)
    {
        // A port picked here can be taken by another test's listener before Azurite binds it; then
        // Azurite exits and the next try gets fresh ports.
        for (var attempt = 1; ; attempt++)
        {
            var dataFolder = Directory.CreateTempSubdirectory("azurite-").FullName;
            var instance = new AzuriteInstance(dataFolder, inMemory, FreeTcpPort(), FreeTcpPort(), FreeTcpPort());
            try
            {
                await instance.RestartAsync(cancellationToken);
                return instance;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                await instance.DisposeAsync();
            }
            catch
            {
                await instance.DisposeAsync();
                throw;
            }
        }
    }

    /// <summary>Starts Azurite again on the same ports and data folder after <see cref="StopAsync"/>.</summary>
    public async Task RestartAsync(CancellationToken cancellationToken = default)
    {
        if (process is { HasExited: false })
        {
            throw new InvalidOperationException("Azurite is already running.");
        }

        string[] persistence = inMemory ? ["--inMemoryPersistence"] : ["--location", dataFolder];
        var start = TiedProcess.StartInfo("node",
        [
            FindAzuriteScript(), "--silent", "--skipApiVersionCheck", "--loose", .. persistence,
            "--blobHost", "127.0.0.1", "--blobPort", BlobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", QueuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", TablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ]);
        start.WorkingDirectory = dataFolder;
        process?.Dispose();
        process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitForPortAsync(BlobPort, process, output, cancellationToken);
        await WaitForPortAsync(QueuePort, process, output, cancellationToken);
        await WaitForPortAsync(TablePort, process, output, cancellationToken);
    }

    /// <summary>
    /// Stops Azurite; <see cref="RestartAsync"/> brings it back. Graceful (SIGINT, passed on by the
    /// <see cref="TiedProcess"/> guard) lets Azurite save its data first, as a storage outage loses no
    /// committed data; otherwise its whole process tree is killed.
    /// </summary>
    public async Task StopAsync(bool graceful = false)
    {
        try
        {
            if (process is { HasExited: false })
            {
                if (graceful)
                {
                    using var interrupt = Process.Start("kill", ["-INT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
                    using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
                    try
                    {
                        await process.WaitForExitAsync(timeout.Token);
                        return;
                    }
                    catch (OperationCanceledException)
                    {
                        // Did not stop in time: kill it below.
                    }
                }

                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
        try
        {
            Directory.Delete(dataFolder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>A TCP port that was free a moment ago (the OS picks it).</summary>
    public static int FreeTcpPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string FindAzuriteScript()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var script = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "azurite.js");
            if (File.Exists(script))
            {
                return script;
            }
        }

        throw new InvalidOperationException(
            "Azurite is not installed: run 'npm ci' in the repository root (the README's test command does it).");
    }

    private static void Keep(System.Collections.Concurrent.ConcurrentQueue<string> output, string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        while (output.Count > 20 && output.TryDequeue(out _))
        {
        }
    }

    /// <summary>Waits until Azurite itself answers on the port (a listener of another test does not count).</summary>
    private static async Task WaitForPortAsync(int port, Process process, System.Collections.Concurrent.ConcurrentQueue<string> output, CancellationToken cancellationToken)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening: {string.Join(" | ", output)}");
            }

            try
            {
                using var response = await http.GetAsync(new Uri($"http://127.0.0.1:{port}/"), cancellationToken);
                if (response.Headers.Server.ToString().Contains("Azurite", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(100, cancellationToken);
        }

        throw new TimeoutException($"Azurite did not answer on port {port} within 30 s.");
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Azure.Storage.Blobs;

namespace CloverExport.Testing;

/// <summary>
/// Azurite started from the repository's own node_modules on free ports, with a throw-away data
/// folder; disposed, it stops the process. Tests share one through <see cref="AzuriteFixture"/>.
/// </summary>
public sealed class AzuriteInstance : IAsyncDisposable
{
    // Azurite's well-known development account; it is public and only ever valid against Azurite.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process process;
    private readonly string dataFolder;

    private AzuriteInstance(Process process, string dataFolder, int blobPort, int queuePort, int tablePort)
    {
        this.process = process;
        this.dataFolder = dataFolder;
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

    /// <param name="inMemory">Keep blobs in Azurite's memory (fast, for tests); false stores them in the throw-away
    /// data folder, so gigabyte benchmarks do not grow the node process by the data they write.</param>
    public static async Task<AzuriteInstance> StartAsync(bool inMemory, CancellationToken cancellationToken = default)
    {
        var azurite = FindAzuriteScript();
        var dataFolder = Directory.CreateTempSubdirectory("azurite-").FullName;
        var (blob, queue, table) = (FreeTcpPort(), FreeTcpPort(), FreeTcpPort());
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = dataFolder,
        };
        string[] persistence = inMemory ? ["--inMemoryPersistence"] : ["--location", dataFolder];
        string[] arguments =
        [
            azurite, "--silent", "--skipApiVersionCheck", "--loose", .. persistence,
            "--blobHost", "127.0.0.1", "--blobPort", blob.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queue.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", table.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ];
        foreach (var arg in arguments)
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start node for Azurite.");
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => Keep(output, e.Data);
        process.ErrorDataReceived += (_, e) => Keep(output, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var instance = new AzuriteInstance(process, dataFolder, blob, queue, table);
        try
        {
            await WaitForPortAsync(blob, process, output, cancellationToken);
            await WaitForPortAsync(queue, process, output, cancellationToken);
            await WaitForPortAsync(table, process, output, cancellationToken);
            return instance;
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
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

    private static async Task WaitForPortAsync(int port, Process process, System.Collections.Concurrent.ConcurrentQueue<string> output, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Azurite exited with code {process.ExitCode} before listening: {string.Join(" | ", output)}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100, cancellationToken);
            }
        }

        throw new TimeoutException($"Azurite did not listen on port {port} within 30 s.");
    }
}

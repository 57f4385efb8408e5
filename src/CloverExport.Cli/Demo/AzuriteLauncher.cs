using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace CloverExport.Cli.Demo;

/// <summary>
/// Azurite (blob service only) from the repository's node_modules, in memory, on a free port; stopped on dispose.
/// </summary>
internal sealed class AzuriteLauncher : IAsyncDisposable
{
    // Azurite's well-known development account: public, and only ever valid against Azurite.
    private const string AccountName = "devstoreaccount1";
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly Process process;

    private AzuriteLauncher(Process process, int blobPort)
    {
        this.process = process;
        BlobEndpoint = new Uri($"http://127.0.0.1:{blobPort.ToString(CultureInfo.InvariantCulture)}/{AccountName}");
    }

    public Uri BlobEndpoint { get; }

    public string ConnectionString => $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint={BlobEndpoint};";

    public static async Task<AzuriteLauncher> StartAsync(CancellationToken cancellationToken)
    {
        var script = FindScript();
        var port = FreePort.Next();
        var start = new ProcessStartInfo("node") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[]
        {
            script, "--silent", "--skipApiVersionCheck", "--loose", "--inMemoryPersistence",
            "--blobHost", "127.0.0.1", "--blobPort", port.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new CliException("Could not start node for Azurite.", ExitCodes.Failure);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            throw new CliException("Node.js is required for Azurite: install node 20+ and run 'npm ci' in the repository root.", ExitCodes.Failure);
        }

        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var azurite = new AzuriteLauncher(process, port);
        try
        {
            await WaitForPortAsync(port, process, cancellationToken);
            return azurite;
        }
        catch
        {
            await azurite.DisposeAsync();
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
    }

    private static string FindScript()
    {
        foreach (var origin in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(origin); dir is not null; dir = dir.Parent)
            {
                // Blob service only: the full azurite.js also claims the fixed queue and table ports.
                var script = Path.Combine(dir.FullName, "node_modules", "azurite", "dist", "src", "blob", "main.js");
                if (File.Exists(script))
                {
                    return script;
                }
            }
        }

        throw new CliException("Azurite is not installed: run 'npm ci --no-audit --no-fund' in the repository root (./demo.sh does it).", ExitCodes.Failure);
    }


    private static async Task WaitForPortAsync(int port, Process process, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new CliException($"Azurite exited with code {process.ExitCode} before listening (is node 20+ installed?).", ExitCodes.Failure);
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

        throw new CliException($"Azurite did not listen on port {port} within 30 s.", ExitCodes.Failure);
    }
}

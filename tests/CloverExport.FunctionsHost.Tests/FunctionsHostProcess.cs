using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace CloverExport.FunctionsHost.Tests;

/// <summary>
/// One Functions host running the published app on a free port, with fixed keys, its own state
/// folder and the given app settings as its environment. Keeps every line the host (and through it
/// the worker) writes. Disposed, it kills the host's whole process tree; it dies with the test process
/// (<see cref="TiedProcess"/>).
/// </summary>
public sealed class FunctionsHostProcess : IAsyncDisposable
{
    public const string MasterKey = "test-master-key-4d1f";
    public const string FunctionKey = "test-function-key-9b27";

    private readonly Process process;
    private readonly List<string> lines = [];
    private readonly string stateFolder;
    private readonly bool ownsStateFolder;

    private FunctionsHostProcess(Process process, int port, string stateFolder, bool ownsStateFolder, IReadOnlyDictionary<string, string?> settings)
    {
        Settings = settings;
        this.process = process;
        this.stateFolder = stateFolder;
        this.ownsStateFolder = ownsStateFolder;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/");
        Api = Client(FunctionKey);
        Admin = Client(MasterKey);
        Anonymous = Client(null);
        process.OutputDataReceived += (_, e) => Keep(e.Data);
        process.ErrorDataReceived += (_, e) => Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public int Port { get; }

    public IReadOnlyDictionary<string, string?> Settings { get; }

    /// <summary>The export container the host writes to (<c>Storage__Container</c>).</summary>
    public string Container => Settings["Storage__Container"]!;

    public Uri BaseAddress { get; }

    /// <summary>Sends the default host key (valid for every function-level HTTP function).</summary>
    public HttpClient Api { get; }

    /// <summary>Sends the master key: <c>/admin/*</c> and the Durable HTTP API.</summary>
    public HttpClient Admin { get; }

    public HttpClient Anonymous { get; }

    public bool HasExited => process.HasExited;

    public int LineCount
    {
        get
        {
            lock (lines)
            {
                return lines.Count;
            }
        }
    }

    /// <param name="stateFolder">Reuse a state folder to restart "the same" host; null for a fresh one.</param>
    public static FunctionsHostProcess Start(FunctionsHostCommand host, string appFolder, IReadOnlyDictionary<string, string?> settings, int? port = null, string? stateFolder = null)
    {
        var chosenPort = port ?? AzuriteInstance.FreeTcpPort();
        var owns = stateFolder is null;
        stateFolder ??= Directory.CreateTempSubdirectory("functions-host-state-").FullName;
        var portText = chosenPort.ToString(CultureInfo.InvariantCulture);
        string[] arguments = host.IsCoreTools
            ? ["host", "start", "--port", portText, "--script-root", appFolder]
            : ["--app", appFolder, "--port", portText, "--state", stateFolder, "--master-key", MasterKey, "--function-key", FunctionKey];
        var start = TiedProcess.StartInfo(host.Path, arguments);
        start.WorkingDirectory = appFolder;
        foreach (var (name, value) in settings)
        {
            // A null value keeps the setting out of the host's environment altogether.
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start " + host.Path);
        return new FunctionsHostProcess(process, chosenPort, stateFolder, owns, settings);
    }

    public string StateFolder => stateFolder;

    public IReadOnlyList<string> Lines(int from = 0)
    {
        lock (lines)
        {
            return lines.Skip(from).ToList();
        }
    }

    public string Tail(int count = 60) => string.Join('\n', Lines().TakeLast(count));

    /// <summary>Waits until the script host and the worker are up (<c>"state":"Running"</c>).</summary>
    public async Task WaitUntilRunningAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The Functions host exited with code {process.ExitCode} before it was running:\n{Tail()}");
            }

            try
            {
                using var response = await Admin.GetAsync(new Uri("admin/host/status", UriKind.Relative), cancel.Token);
                if (response.IsSuccessStatusCode && (await response.Content.ReadAsStringAsync(cancel.Token)).Contains("\"state\":\"Running\"", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancel.IsCancellationRequested)
            {
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The Functions host was not running after {timeout}:\n{Tail()}");
            }

            try
            {
                await Task.Delay(250, cancel.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The Functions host was not running after {timeout}:\n{Tail()}");
            }
        }
    }

    /// <summary>Waits for a log line containing <paramref name="text"/>; false when it has not come within the timeout.</summary>
    public async Task<bool> WaitForLineAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (Lines().Any(line => line.Contains(text, StringComparison.Ordinal)))
            {
                return true;
            }

            await Task.Delay(200);
        }

        return false;
    }

    /// <summary>SIGKILL to the host and everything it started (the worker): no shutdown code runs.</summary>
    public async Task KillAsync()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        process.Dispose();
        Api.Dispose();
        Admin.Dispose();
        Anonymous.Dispose();
        if (ownsStateFolder)
        {
            DeleteStateFolder();
        }
    }

    public void DeleteStateFolder()
    {
        try
        {
            Directory.Delete(stateFolder, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private HttpClient Client(string? key)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        return client;
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (lines)
        {
            lines.Add(line);
        }
    }
}

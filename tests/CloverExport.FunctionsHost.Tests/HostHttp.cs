using System.Net;
using System.Text;
using System.Text.Json;

namespace CloverExport.FunctionsHost.Tests;

/// <summary>JSON over HTTP against a running host, and waiting on a run through <c>GET /api/exports/{id}</c>.</summary>
public static class HostHttp
{
    public static readonly string[] TerminalStatuses = ["Completed", "Failed", "Terminated"];

    public static async Task<(HttpStatusCode Status, JsonElement Body, HttpResponseMessage Response)> SendAsync(HttpClient client, HttpMethod method, string path, string? json = null)
    {
        using var request = new HttpRequestMessage(method, new Uri(path, UriKind.Relative));
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var body = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return (response.StatusCode, body, response);
    }

    public static async Task<JsonElement> GetJsonAsync(HttpClient client, string path)
    {
        var (status, body, response) = await SendAsync(client, HttpMethod.Get, path);
        using (response)
        {
            Assert.True(status == HttpStatusCode.OK, $"GET {path}: {(int)status} {body}");
            return body;
        }
    }

    /// <summary>Polls the run until it is Completed, Failed or Terminated; <paramref name="observe"/> sees every answer.</summary>
    public static async Task<JsonElement> WaitForRunAsync(HttpClient api, string instanceId, TimeSpan timeout, Action<JsonElement>? observe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = await GetJsonAsync(api, "api/exports/" + Uri.EscapeDataString(instanceId));
            observe?.Invoke(run);
            if (TerminalStatuses.Contains(run.GetProperty("runtimeStatus").GetString()))
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"run {instanceId} not finished within {timeout}: {run}");
            await Task.Delay(500);
        }
    }

    /// <summary>Every instance of the task hub, its input, custom status, output and full history, from the Durable HTTP API (master key).</summary>
    public static async Task<List<string>> TaskHubHistoryAsync(HttpClient admin)
    {
        var texts = new List<string>();
        var list = await GetJsonAsync(admin, "runtime/webhooks/durabletask/instances?showInput=true&top=1000");
        foreach (var instance in list.EnumerateArray())
        {
            texts.Add(instance.ToString());
            var id = instance.GetProperty("instanceId").GetString()!;
            var detail = await GetJsonAsync(admin, $"runtime/webhooks/durabletask/instances/{Uri.EscapeDataString(id)}?showHistory=true&showHistoryOutput=true&showInput=true");
            texts.Add(detail.ToString());
        }

        return texts;
    }
}

using System.Net;
using System.Text;
using System.Text.Json;

namespace CloverExport.FunctionsHost.Tests;

/// <summary>JSON over HTTP against a running host, and waiting on a run through <c>GET /api/exports/{id}</c>.</summary>
public static class HostHttp
{
    /// <summary>States of <c>GET /api/merchants/{id}/export</c> in which the run is over.</summary>
    public static readonly string[] TerminalStates = ["Completed", "CompletedWithFailures", "Rejected", "Failed", "Cancelled"];

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

    /// <summary>Starts a run through <c>POST /api/exports</c> with <paramref name="json"/> and returns its id; any answer but 202 with a Location fails.</summary>
    public static async Task<string> StartExportAsync(HttpClient api, string json)
    {
        var (status, body, response) = await SendAsync(api, HttpMethod.Post, "api/exports", json);
        using (response)
        {
            Assert.True(status == HttpStatusCode.Accepted, $"POST api/exports: {(int)status} {body}");
            Assert.NotNull(response.Headers.Location);
        }

        return body.GetProperty("id").GetString()!;
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

    /// <summary>The merchant's run as <c>GET /api/merchants/{id}/export</c> shows it.</summary>
    public static Task<JsonElement> GetRunAsync(HttpClient api, string merchantId) => GetJsonAsync(api, $"api/merchants/{merchantId}/export");

    /// <summary>Polls the merchant's run until it is over; <paramref name="observe"/> sees every answer.</summary>
    public static async Task<JsonElement> WaitForRunAsync(HttpClient api, string merchantId, TimeSpan timeout, Action<JsonElement>? observe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var run = await GetRunAsync(api, merchantId);
            observe?.Invoke(run);
            if (TerminalStates.Contains(run.GetProperty("state").GetString()))
            {
                return run;
            }

            Assert.True(DateTime.UtcNow < deadline, $"run of {merchantId} not finished within {timeout}: {run}");
            await Task.Delay(500);
        }
    }

    /// <summary>Runtime status of every instance whose id starts with <paramref name="prefix"/> (the run and its windows), from the Durable HTTP API.</summary>
    public static async Task<List<(string Id, string Status)>> InstancesAsync(HttpClient admin, string prefix)
    {
        var list = await GetJsonAsync(admin, "runtime/webhooks/durabletask/instances?top=1000&instanceIdPrefix=" + Uri.EscapeDataString(prefix));
        return list.EnumerateArray().Select(i => (i.GetProperty("instanceId").GetString()!, i.GetProperty("runtimeStatus").GetString()!)).ToList();
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

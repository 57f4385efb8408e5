using System.Globalization;
using System.Net.Http.Headers;
using System.Text;

namespace CloverExport.Emulator.Tests;

/// <summary>A bare HTTP client for one merchant, speaking to the emulator the way Clover's examples do.</summary>
internal sealed class CloverApi(Uri apiBaseUrl, EmulatorTestMerchant merchant) : IDisposable
{
    private readonly HttpClient http = new() { BaseAddress = apiBaseUrl };

    /// <summary>The tests' small export: ORDERS of 2024-05-01, a day every test merchant has data for.</summary>
    public static readonly long OneDayStart = Times.Ms(2024, 5, 1);

    public static readonly long OneDayEnd = Times.Ms(2024, 5, 2);

    private static readonly string OneDay = Body("ORDERS", OneDayStart, OneDayEnd);

    public EmulatorTestMerchant Merchant => merchant;

    public static string Body(string type, long start, long end, bool timesAsStrings = false) => timesAsStrings
        ? string.Create(CultureInfo.InvariantCulture, $$"""{"type":"{{type}}","startTime":"{{start}}","endTime":"{{end}}"}""")
        : string.Create(CultureInfo.InvariantCulture, $$"""{"type":"{{type}}","startTime":{{start}},"endTime":{{end}}}""");

    /// <summary>POST a create with the given raw body (path variant and token chosen by the test).</summary>
    public async Task<HttpResponseMessage> PostAsync(string body, string? token = null, bool trailingSlash = false, bool tokenInQuery = false)
    {
        token ??= merchant.Token;
        var path = $"v3/merchants/{merchant.Id}/exports{(trailingSlash ? "/" : "")}";
        using var request = new HttpRequestMessage(HttpMethod.Post, tokenInQuery ? $"{path}?access_token={Uri.EscapeDataString(token)}" : path)
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
        };
        if (!tokenInQuery && token.Length > 0)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await http.SendAsync(request);
    }

    /// <summary>POST the create of the one-day export (<see cref="OneDayStart"/>).</summary>
    public Task<HttpResponseMessage> PostOneDayAsync() => PostAsync(OneDay);

    public async Task<HttpResponseMessage> GetStatusAsync(string exportId, string? token = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"v3/merchants/{merchant.Id}/exports/{exportId}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token ?? merchant.Token);
        return await http.SendAsync(request);
    }

    /// <summary>Creates an export and returns its JSON (asserting 200).</summary>
    public async Task<JsonElement> CreateAsync(string type, long start, long end, bool timesAsStrings = false)
    {
        using var response = await PostAsync(Body(type, start, end, timesAsStrings));
        return await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Creates an export and returns its id (asserting 200).</summary>
    public async Task<string> CreateIdAsync(string type, long start, long end) =>
        (await CreateAsync(type, start, end)).GetProperty("id").GetString()!;

    /// <summary>Creates the <see cref="OneDay"/> export and returns its id.</summary>
    public Task<string> CreateOneDayAsync() => CreateIdAsync("ORDERS", OneDayStart, OneDayEnd);

    public async Task<JsonElement> StatusAsync(string exportId)
    {
        using var response = await GetStatusAsync(exportId);
        return await ReadJsonAsync(response, HttpStatusCode.OK);
    }

    /// <summary>Polls (real clock) until the export leaves PENDING/IN_PROGRESS.</summary>
    public async Task<JsonElement> WaitFinishedAsync(string exportId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (true)
        {
            var export = await StatusAsync(exportId);
            if (export.GetProperty("status").GetString() is not ("PENDING" or "IN_PROGRESS"))
            {
                return export;
            }

            await Task.Delay(20, timeout.Token);
        }
    }

    public async Task<JsonElement> CreateAndWaitAsync(string type, long start, long end) =>
        await WaitFinishedAsync(await CreateIdAsync(type, start, end));

    public static IReadOnlyList<string> FileUrls(JsonElement export) =>
        export.GetProperty("exportUrls").GetProperty("elements").EnumerateArray().Select(e => e.GetProperty("url").GetString()!).ToList();

    /// <summary>Downloads every file of a DONE export without a token and returns all objects in order.</summary>
    public static async Task<IReadOnlyList<JsonElement>> DownloadAllAsync(JsonElement export)
    {
        using var files = new HttpClient();
        var objects = new List<JsonElement>();
        foreach (var url in FileUrls(export))
        {
            objects.AddRange(await DownloadFileAsync(files, url));
        }

        return objects;
    }

    public static async Task<IReadOnlyList<JsonElement>> DownloadFileAsync(HttpClient files, string url)
    {
        using var response = await files.GetAsync(url);
        var json = await ReadJsonAsync(response, HttpStatusCode.OK);
        return json.GetProperty("elements").EnumerateArray().ToList();
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {expected}, got {(int)response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    public void Dispose() => http.Dispose();
}

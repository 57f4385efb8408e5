using System.Text;
using Microsoft.AspNetCore.Http;

namespace CloverExport.Functions.Tests;

/// <summary>
/// Hostile input on every HTTP endpoint, called like the host calls them: always a 4xx RFC 7807
/// problem, never an exception (a 500), never internals in the body, and never storage access for a
/// merchant id that is not a well-formed Clover id.
/// </summary>
public sealed class HttpFuzzTests(AzuriteFixture azurite) : StandInEngineTest, IClassFixture<AzuriteFixture>
{
    private const int OneMegabyte = 1024 * 1024;

    // What ends up in ids and fields when someone probes: traversal, encodings, look-alikes, controls, sizes.
    private static readonly string[] OddIds =
    [
        "",
        " ",
        "../../../../etc/passwd",
        "..",
        "%2e%2e%2f%2e%2e%2f",
        "..%2F..%2Fwatermark",
        "..\\..\\windows",
        $"{MerchantA}/../{MerchantB}",
        $"/{MerchantA}",
        $"{MerchantA}/",
        $"{MerchantA} ",
        $"{MerchantA}\u0000",
        $"{MerchantA}\r\nSet-Cookie: x=y",
        "MERCHANTAAAA\u0000",
        "MERCHANT\tAAAA",
        MerchantA.ToLowerInvariant(),
        "ＭＥＲＣＨＡＮＴＡＡＡＡ１",
        "MERCHANTAAAA\u0661",
        "MERCHANTAAAÅ1",
        "MERCHANTAAA\u0041\u03011",
        "\u202EMERCHANTAAAA1",
        "\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00\uD83D\uDE00A",
        "\uD800MERCHANTAAAA",
        "export-" + MerchantA + "/../../x",
        "<script>alert(1)</script>",
        "' OR '1'='1",
        "$(rm -rf /)",
        new string('A', 13 * 1000),
        new string('A', OneMegabyte),
        new string('\u0001', 4096),
    ];

    [Fact]
    public async Task Start_answers_odd_values_in_every_field_with_a_problem()
    {
        var failures = new List<string>();
        foreach (var odd in OddIds)
        {
            var bodies = new (string Field, object Body)[]
            {
                ("merchantId", new { merchantId = odd }),
                ("types", new { merchantId = MerchantA, types = new[] { odd } }),
                ("from", new { merchantId = MerchantA, from = odd, to = "2025-03-01" }),
                ("to", new { merchantId = MerchantA, from = "2025-01-01", to = odd }),
            };
            foreach (var (field, body) in bodies)
            {
                Check(failures, $"{field}={Describe(odd)}", await StartAsync(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(body))));
            }
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        await AssertNoRunStartedAsync();
    }

    public static TheoryData<string> MalformedBodies => new()
    {
        "{",
        "}",
        "{\"merchantId\":}",
        "{\"merchantId\":\"MERCHANTAAAA1\",}",
        "{'merchantId':'MERCHANTAAAA1'}",
        "{merchantId:\"MERCHANTAAAA1\"}",
        "{\"merchantId\":\"MERCHANTAAAA1\"}{\"merchantId\":\"MERCHANTBBBB2\"}",
        "{\"merchantId\":\"MERCHANTAAAA1\"} trailing",
        "{\"merchantId\":NaN}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"merchantId\":\"MERCHANTBBBB2\"}",
        "\"MERCHANTAAAA1\"",
        "42",
        "true",
        "[]",
        "[{\"merchantId\":\"MERCHANTAAAA1\"}]",
        "{\"merchantId\":123}",
        "{\"merchantId\":true}",
        "{\"merchantId\":null}",
        "{\"merchantId\":[\"MERCHANTAAAA1\"]}",
        "{\"merchantId\":{\"id\":\"MERCHANTAAAA1\"}}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"types\":5}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"types\":{\"ORDERS\":true}}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"types\":[1,2]}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"types\":[null]}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"types\":[[\"ORDERS\"]]}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"from\":20250101}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"from\":{}}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"to\":[\"2025-03-01\"]}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"from\":\"2025-02-30\",\"to\":\"2025-03-01\"}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"from\":\"0001-01-01\",\"to\":\"9999-12-31\"}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"from\":\"-2025-01-01T00:00:00Z\"}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"from\":\"2025-01-01T00:00:00+99:00\"}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"$type\":\"System.IO.FileInfo\"}",
        "{\"merchantId\":\"MERCHANTAAAA1\",\"__proto__\":{\"admin\":true}}",
        "{\"MERCHANTID\":\"MERCHANTAAAA1\",\"Types\":\"ORDERS\"}",
        "\u0000",
        "\uFEFF{\"merchantId\":\"abc\"}",
        new string('[', 5000) + new string(']', 5000),
        "{\"a\":" + string.Concat(Enumerable.Repeat("{\"a\":", 2000)) + "1" + new string('}', 2001),
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task Start_answers_malformed_json_and_wrong_types_with_a_problem(string body)
    {
        var failures = new List<string>();

        Check(failures, Describe(body), await StartAsync(Encoding.UTF8.GetBytes(body)));

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        await AssertNoRunStartedAsync();
    }

    [Fact]
    public async Task Start_answers_bodies_of_a_megabyte_and_more_and_invalid_utf8_with_a_problem()
    {
        var failures = new List<string>();
        var huge = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { merchantId = MerchantA, types = Enumerable.Repeat("ORDERS", OneMegabyte / 8).ToArray() }));
        var paddedValid = Encoding.UTF8.GetBytes(new string(' ', OneMegabyte) + $$"""{"merchantId":"{{MerchantA}}"}""");
        var garbage = new byte[2 * OneMegabyte];
        new Random(7).NextBytes(garbage);
        var invalidUtf8 = Encoding.UTF8.GetBytes($$"""{"merchantId":"MERCHANTAAAA""").Concat(new byte[] { 0xC3, 0x28, 0xFF, 0xFE }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();

        foreach (var (name, bytes) in new[] { ("1 MB of types", huge), ("1 MB of whitespace first", paddedValid), ("2 MB of random bytes", garbage), ("invalid UTF-8", invalidUtf8) })
        {
            Check(failures, name, await StartAsync(bytes));
            // Without Content-Length (chunked): the size is only known while reading.
            Check(failures, name + " (chunked)", await StartAsync(bytes, declareLength: false));
        }

        // A Content-Length that claims less than what follows.
        Check(failures, "understated Content-Length", await StartAsync(huge, declaredLength: 100));

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        await AssertNoRunStartedAsync();
    }

    [Fact]
    public async Task Get_and_cancel_answer_odd_instance_ids_with_a_problem()
    {
        var failures = new List<string>();
        foreach (var odd in OddIds)
        {
            Check(failures, $"GET {Describe(odd)}", await HttpCall.ExecuteAsync(await ExportsApi.Get(Request("GET", "/api/exports/fuzz"), odd, Client, CancellationToken.None)));
            Check(failures, $"cancel {Describe(odd)}", await HttpCall.ExecuteAsync(await ExportsApi.Cancel(Request("POST", "/api/exports/fuzz/cancel"), odd, Client, CancellationToken.None)));
            Check(failures, $"merchant GET {Describe(odd)}", await HttpCall.ExecuteAsync(await MerchantApi().Get(Request("GET", "/api/merchants/fuzz/export"), odd, Client, CancellationToken.None)));
            Check(failures, $"merchant start {Describe(odd)}", await HttpCall.ExecuteAsync(await MerchantApi().Start(Request("POST", "/api/merchants/fuzz/export"), odd, Client, CancellationToken.None)));
            Check(failures, $"merchant cancel {Describe(odd)}", await HttpCall.ExecuteAsync(await MerchantExportApi.Cancel(Request("POST", "/api/merchants/fuzz/export/cancel"), odd, Client, CancellationToken.None)));
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task List_answers_odd_limits_with_a_problem()
    {
        var failures = new List<string>();
        var limits = OddIds.Concat(["-1", "+5", "1e3", "0x10", "5.0", "1,2", "٣", "99999999999999999999", "2147483648", "00000000000000000000000000000001000"]);
        foreach (var odd in limits)
        {
            var query = "?limit=" + Uri.EscapeDataString(odd.Length > 60_000 ? odd[..60_000] : odd);
            Check(failures, $"limit={Describe(odd)}", await HttpCall.ExecuteAsync(await ExportsApi.List(Request("GET", "/api/exports", query: query), Client, CancellationToken.None)));
        }

        Check(failures, "two limits", await HttpCall.ExecuteAsync(await ExportsApi.List(Request("GET", "/api/exports", query: "?limit=1&limit=2"), Client, CancellationToken.None)));
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task Watermarks_answer_odd_merchant_ids_with_a_problem_before_touching_storage()
    {
        var container = "fuzz" + Guid.NewGuid().ToString("N")[..20];
        using var storage = Build(settings: new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Container"] = container,
        });
        var api = ActivatorUtilities.CreateInstance<MerchantWatermarksApi>(storage);
        var failures = new List<string>();

        foreach (var odd in OddIds)
        {
            Check(failures, Describe(odd), await HttpCall.ExecuteAsync(await api.GetWatermarks(Request("GET", "/api/merchants/fuzz/watermarks"), odd, CancellationToken.None)));
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        // The first storage access creates the export container: it was never reached.
        var blobs = azurite.Azurite.CreateBlobServiceClient().GetBlobContainerClient(container);
        Assert.False(await blobs.ExistsAsync(), "storage was accessed for a malformed merchant id");

        // The detector works: a well-formed, configured id does reach storage.
        var valid = await HttpCall.ExecuteAsync(await api.GetWatermarks(Request("GET", $"/api/merchants/{MerchantA}/watermarks"), MerchantA, CancellationToken.None));
        Assert.Equal(200, valid.Status);
        Assert.True(await blobs.ExistsAsync());
    }

    private MerchantExportApi MerchantApi() => ActivatorUtilities.CreateInstance<MerchantExportApi>(Services);

    // The route value is passed as the host would after decoding; the path itself is not read by these functions.
    private static HttpRequest Request(string method, string path, string? query = null) => HttpCall.Request(method, path, query: query);

    private async Task<HttpAnswer> StartAsync(byte[] body, bool declareLength = true, long? declaredLength = null)
    {
        var request = HttpCall.Request("POST", "/api/exports");
        request.Body = new MemoryStream(body);
        request.ContentLength = declaredLength ?? (declareLength ? body.Length : null);
        var api = ActivatorUtilities.CreateInstance<ExportsApi>(Services);
        return await HttpCall.ExecuteAsync(await api.Start(request, Client, CancellationToken.None));
    }

    /// <summary>A 4xx problem with consistent fields, no internals, and not an echo of a huge input.</summary>
    private static void Check(List<string> failures, string input, HttpAnswer answer)
    {
        var text = answer.Json?.ToString() ?? string.Empty;
        string? problem = null;
        if (answer.Status is < 400 or > 499)
        {
            problem = $"status {answer.Status}";
        }
        else if (answer.ContentType != ApiProblem.ContentType)
        {
            problem = $"content type {answer.ContentType}";
        }
        else if (answer.Body.GetProperty("status").GetInt32() != answer.Status || !answer.Body.GetProperty("errors").EnumerateObject().Any())
        {
            problem = "status or errors inconsistent";
        }
        else if (new[] { "Exception", "   at ", "CloverExport.", "System.", "Microsoft." }.FirstOrDefault(t => text.Contains(t, StringComparison.Ordinal)) is { } leak)
        {
            problem = $"internals ('{leak}') in the body";
        }
        else if (text.Length > 4096)
        {
            problem = $"a {text.Length}-character answer";
        }

        if (problem is not null)
        {
            failures.Add($"{input}: {problem}: {(text.Length > 300 ? text[..300] + "…" : text)}");
        }
    }

    private async Task AssertNoRunStartedAsync()
    {
        await foreach (var instance in Client.GetAllInstancesAsync(new OrchestrationQuery()))
        {
            Assert.Fail($"An instance was started: {instance.InstanceId}");
        }
    }

    private static string Describe(string value) =>
        value.Length > 40 ? $"<{value.Length} chars starting {Escape(value[..20])}>" : Escape(value);

    private static string Escape(string value) => JsonSerializer.Serialize(value);
}

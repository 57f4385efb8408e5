using CloverExport.Emulator;

namespace CloverExport.Functions.Tests;

/// <summary>
/// A real export (the pipeline on the in-process engine, the emulator, Azurite) started and watched
/// through the HTTP functions: no answer ever carries the merchant's token or a signed file link.
/// History, custom status, logs and blob metadata of the same pipeline are checked by
/// Pipeline.Tests RunLifecycleTests.
/// </summary>
public sealed class SecretHygieneTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string MerchantId = "SECRETHTTP001";
    private const string Token = "tok-5f1c0a9e-very-secret-merchant-token";

    [Fact]
    public async Task Progress_list_and_watermark_answers_of_a_real_run_never_carry_the_token()
    {
        await using var emulator = await CloverEmulatorHost.StartAsync(new EmulatorOptions
        {
            Merchants = [new EmulatorMerchantOptions { Id = MerchantId, Token = Token, Region = "sandbox", DataStart = new DateOnly(2023, 1, 1), DataEnd = new DateOnly(2023, 3, 31), OrdersPerDay = 40, Seed = 9 }],
            ProcessingBase = TimeSpan.FromMilliseconds(400),
            ProcessingPerThousand = TimeSpan.FromMilliseconds(100),
            EnforceHours = false,
        });
        // The merchant's backfill starts at its data start (2023-01-01): the shared mapping says so.
        await using var pipeline = await LocalPipelineHost.StartAsync(emulator, azurite.Azurite, new LocalPipelineHostOptions { Settings = LocalPipelineSettings.TestSpeed });
        var container = pipeline.Container.Name;
        using var functions = FunctionsServices.Build(
            settings: new Dictionary<string, string?> { ["Storage:ConnectionString"] = azurite.ConnectionString, ["Storage:Container"] = container, ["Export:SettleLag"] = "00:05:00" },
            merchants: new InMemoryMerchantDirectory(InMemoryMerchantDirectory.Merchant(MerchantId)));
        var answers = new List<string>();

        var api = ActivatorUtilities.CreateInstance<MerchantExportApi>(functions);
        var started = await HttpCall.ExecuteAsync(await api.Start(
            HttpCall.Request("POST", $"/api/merchants/{MerchantId}/export", """{"types":["ORDERS","PAYMENTS"],"from":"2023-01-01","to":"2023-02-28"}"""),
            MerchantId, pipeline.Client, CancellationToken.None));
        Assert.Equal(202, started.Status);
        answers.Add(started.Text);

        // Watch it the way a caller would until it completes: the run with its live windows, the list, the legacy route.
        var sawWindow = false;
        var instanceId = $"export-{MerchantId}";
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        while (true)
        {
            var run = await HttpCall.ExecuteAsync(await api.Get(HttpCall.Request("GET", $"/api/merchants/{MerchantId}/export"), MerchantId, pipeline.Client, timeout.Token));
            var list = await HttpCall.ExecuteAsync(await ExportsApi.List(HttpCall.Request("GET", "/api/exports"), pipeline.Client, timeout.Token));
            var legacy = await HttpCall.ExecuteAsync(await ExportsApi.Get(HttpCall.Request("GET", $"/api/exports/{instanceId}"), instanceId, pipeline.Client, timeout.Token));
            answers.AddRange([run.Text, list.Text, legacy.Text]);
            sawWindow |= run.Body.GetProperty("activeWindows").EnumerateArray().Any(w => w.GetProperty("exportId").ValueKind == JsonValueKind.String);

            if (run.Body.GetProperty("state").GetString() is not ("Running" or "Pending"))
            {
                Assert.Equal("Completed", run.Body.GetProperty("state").GetString());
                Assert.True(run.Body.GetProperty("progress").GetProperty("objects").GetInt64() > 1000);
                break;
            }

            await Task.Delay(100, timeout.Token);
        }

        var watermarks = await HttpCall.ExecuteAsync(await ActivatorUtilities.CreateInstance<MerchantWatermarksApi>(functions).GetWatermarks(
            HttpCall.Request("GET", $"/api/merchants/{MerchantId}/watermarks"), MerchantId, CancellationToken.None));
        Assert.Equal(200, watermarks.Status);
        answers.Add(watermarks.Text);

        Assert.True(sawWindow, "a live window's progress was read at least once");
        Assert.True(answers.Count > 5);
        Assert.DoesNotContain(answers, a => a.Contains(Token, StringComparison.Ordinal));
        Assert.DoesNotContain(answers, a => a.Contains("sig=", StringComparison.Ordinal) || a.Contains("/files/", StringComparison.Ordinal));
        // The token was really in play: the emulator accepted only it.
        Assert.True(emulator.Counters.ExportsCreated >= 4);
    }
}

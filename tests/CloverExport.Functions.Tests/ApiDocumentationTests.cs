using System.Security.Cryptography;
using System.Text.RegularExpressions;
using CloverExport.Core.Planning;
using CloverExport.Core.Scheduling;
using CloverExport.Core.Storage;

namespace CloverExport.Functions.Tests;

/// <summary>
/// Every example answer in docs/functions.md (a <c>&lt;!-- example: Function --&gt;</c> before a JSON block)
/// has the shape of what that function really answers: the same property names in the same order,
/// at every depth, and the same kinds of values (a null on either side matches anything).
/// </summary>
public sealed partial class ApiDocumentationTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Dictionary<string, JsonElement> Examples = LoadExamples();

    [Fact]
    public void The_page_documents_an_example_of_each_answer_checked_here() =>
        Assert.Equal(
            ["CancelMerchantExport", "EnableMerchant", "GetExportSlots", "GetMerchantExport", "GetWatermarks", "ListExports", "StartMerchantExport"],
            Examples.Keys.Order(StringComparer.Ordinal));

    [Fact]
    public async Task The_run_examples_have_the_shape_of_the_real_answers()
    {
        await using var engine = await PipelineEngine.StartAsync();
        var now = new DateTimeOffset(2025, 6, 1, 12, 0, 0, TimeSpan.Zero);
        using var services = Build(new Microsoft.Extensions.Time.Testing.FakeTimeProvider(now), OnAzurite(azurite, slots: 1));
        var api = ActivatorUtilities.CreateInstance<MerchantExportApi>(services);
        // A slot held, a window queued and a closed time: every documented field of the slots has a value.
        var scheduler = services.GetRequiredService<BlobExportSlotScheduler>();
        await scheduler.TryAcquireAsync(new ExportSlotRequest(MerchantA, "holder", TimeSpan.FromMinutes(10), ClosedUntil: now.AddMinutes(5)), CancellationToken.None);
        await scheduler.TryAcquireAsync(new ExportSlotRequest(MerchantB, "waiter", TimeSpan.FromMinutes(10), TimeSpan.FromMinutes(1)), CancellationToken.None);

        var started = await HttpCall.ExecuteAsync(await api.Start(
            HttpCall.Request("POST", $"/api/merchants/{MerchantA}/export", """{"types":["ORDERS","PAYMENTS"],"from":"2025-01-01","to":"2025-02-28"}"""),
            MerchantA, engine.Client, CancellationToken.None));
        // The stand-in run reports counts, a failure and a waiting window: every documented field has a value.
        var id = await engine.Client.ScheduleNewOrchestrationInstanceAsync(
            TaskNames.MerchantExport, new MerchantExportInput(MerchantB, [ExportType.Orders], PipelineEngine.WindowStart, PipelineEngine.WindowStart.AddDays(40)),
            new StartOrchestrationOptions { InstanceId = TaskNames.MerchantInstanceId(MerchantB) });
        await engine.WaitForChildProgressAsync(id);
        var run = await HttpCall.ExecuteAsync(await api.Get(HttpCall.Request("GET", $"/api/merchants/{MerchantB}/export"), MerchantB, engine.Client, CancellationToken.None));
        var list = await HttpCall.ExecuteAsync(await ExportsApi.List(HttpCall.Request("GET", "/api/exports"), engine.Client, CancellationToken.None));
        var slots = await HttpCall.ExecuteAsync(await ActivatorUtilities.CreateInstance<ExportSlotsApi>(services).Get(HttpCall.Request("GET", "/api/export-slots"), CancellationToken.None));
        var cancelled = await HttpCall.ExecuteAsync(await MerchantExportApi.Cancel(
            HttpCall.Request("POST", $"/api/merchants/{MerchantB}/export/cancel"), MerchantB, engine.Client, CancellationToken.None));

        AssertShape("StartMerchantExport", started);
        AssertShape("GetMerchantExport", run);
        AssertShape("ListExports", list);
        AssertShape("GetExportSlots", slots);
        AssertShape("CancelMerchantExport", cancelled);
    }

    [Fact]
    public async Task The_storage_examples_have_the_shape_of_the_real_answers()
    {
        using var services = Build(settings: new Dictionary<string, string?>
        {
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Container"] = "doc" + Guid.NewGuid().ToString("N")[..20],
            ["Merchants:Store"] = "Table",
            ["Merchants:TableName"] = "m" + Guid.NewGuid().ToString("N")[..20],
            ["Tokens:Container"] = "tok" + Guid.NewGuid().ToString("N")[..20],
            ["Tokens:LocalEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        });
        const string merchantId = "ONBOARDMERCH1";
        var onboarding = ActivatorUtilities.CreateInstance<MerchantOnboardingApi>(services);
        await onboarding.Save(HttpCall.Request("POST", "/api/merchants", """{"merchantId":"ONBOARDMERCH1","region":"us","displayName":"Bistro","types":["ORDERS"],"enabled":false}"""), CancellationToken.None);
        var block = TimeBlocks.StartOf(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
        await services.GetRequiredService<WindowCatalog>().CommitAsync(merchantId, new ExportWindow(ExportType.Orders, block, TimeBlocks.EndOf(block)), "EXPORT1", [], CancellationToken.None);

        var watermarks = await HttpCall.ExecuteAsync(await ActivatorUtilities.CreateInstance<MerchantWatermarksApi>(services).GetWatermarks(
            HttpCall.Request("GET", $"/api/merchants/{merchantId}/watermarks"), merchantId, CancellationToken.None));
        var enabled = await HttpCall.ExecuteAsync(await onboarding.Enable(HttpCall.Request("POST", "/api/merchants/ONBOARDMERCH1/enable"), "ONBOARDMERCH1", CancellationToken.None));

        AssertShape("GetWatermarks", watermarks);
        AssertShape("EnableMerchant", enabled);
    }

    private static void AssertShape(string example, HttpAnswer answer)
    {
        Assert.True(answer.Status is >= 200 and < 300, $"{example} answered {answer.Status}: {answer.Text}");
        var differences = new List<string>();
        Compare(Examples[example], answer.Body, "$", differences);
        Assert.True(differences.Count == 0, $"docs/functions.md's {example} example differs from the real answer {answer.Text}:{Environment.NewLine}{string.Join(Environment.NewLine, differences)}");
    }

    private static void Compare(JsonElement documented, JsonElement real, string path, List<string> differences)
    {
        if (documented.ValueKind == JsonValueKind.Null || real.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (Kind(documented) != Kind(real))
        {
            differences.Add($"{path}: documented {documented.ValueKind}, answered {real.ValueKind}");
        }
        else if (documented.ValueKind == JsonValueKind.Object)
        {
            var names = documented.EnumerateObject().Select(p => p.Name).ToList();
            var realNames = real.EnumerateObject().Select(p => p.Name).ToList();
            if (!names.SequenceEqual(realNames))
            {
                differences.Add($"{path}: documented {{{string.Join(",", names)}}}, answered {{{string.Join(",", realNames)}}}");
                return;
            }

            foreach (var name in names)
            {
                Compare(documented.GetProperty(name), real.GetProperty(name), $"{path}.{name}", differences);
            }
        }
        else if (documented.ValueKind == JsonValueKind.Array && real.GetArrayLength() > 0)
        {
            foreach (var item in documented.EnumerateArray())
            {
                Compare(item, real[0], $"{path}[]", differences);
            }
        }
    }

    private static JsonValueKind Kind(JsonElement element) => element.ValueKind == JsonValueKind.False ? JsonValueKind.True : element.ValueKind;

    private static Dictionary<string, JsonElement> LoadExamples()
    {
        var page = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "docs", "functions.md"));
        return ExampleBlock().Matches(page).ToDictionary(m => m.Groups["name"].Value, m => JsonDocument.Parse(m.Groups["json"].Value).RootElement.Clone());
    }

    [GeneratedRegex(@"<!-- example: (?<name>\w+) -->\s*```json\s*(?<json>.*?)```", RegexOptions.Singleline)]
    private static partial Regex ExampleBlock();
}

using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using CloverExport.Core.Orchestration;
using Microsoft.DurableTask.Converters;

namespace CloverExport.Core.Tests.Orchestration;

/// <summary>
/// Deploys while windows are in flight (issue 13.6). Each version of the window orchestration has a
/// checked-in fixture (Fixtures/export-window-v{N}.json): scripted answers of Clover and the slot board,
/// and the actions a run of that version issued for them. The current code, given an instance of that
/// version, must issue the same actions, or an instance asleep through a deploy would fail to replay.
/// </summary>
public sealed class ExportWindowVersionTests
{
    private const string FixturePrefix = "export-window-v";

    private static readonly JsonSerializerOptions FixtureJson = new(JsonSerializerOptions.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static string FixtureDirectory => Path.Combine(AppContext.BaseDirectory, "Orchestration", "Fixtures");

    public static TheoryData<string, string> Scenarios()
    {
        var data = new TheoryData<string, string>();
        foreach (var file in Directory.GetFiles(FixtureDirectory, FixturePrefix + "*.json").Order(StringComparer.Ordinal))
        {
            foreach (var scenario in Read(file).Scenarios)
            {
                data.Add(Path.GetFileName(file), scenario.Name);
            }
        }

        return data;
    }

    [Fact]
    public void The_current_version_has_a_recorded_history()
    {
        var file = Path.Combine(FixtureDirectory, $"{FixturePrefix}{TaskNames.ExportWindowVersion}.json");
        Assert.True(File.Exists(file), $"Record {Path.GetFileName(file)} for ExportWindowVersion {TaskNames.ExportWindowVersion} (see docs/deploy.md).");
        var fixture = Read(file);
        Assert.Equal(TaskNames.ExportWindowVersion, fixture.Version);
        Assert.NotEmpty(fixture.Scenarios);
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Current_code_replays_a_recorded_history(string fileName, string scenarioName)
    {
        var file = Path.Combine(FixtureDirectory, fileName);
        var fixture = Read(file);
        var scenario = fixture.Scenarios.Single(s => s.Name == scenarioName);

        var (actions, outcome) = await RunAsync(scenario, fixture.Version);

        var recorded = scenario with { Actions = actions, Outcome = outcome };
        if (!recorded.Actions.SequenceEqual(scenario.Actions) || recorded.Outcome != scenario.Outcome)
        {
            // Written beside the test binaries, to diff with (or, for a new version, to check in as) the fixture.
            var actual = Path.Combine(AppContext.BaseDirectory, $"{fileName}.{scenarioName}.actual.json");
            await File.WriteAllTextAsync(actual, JsonSerializer.Serialize(recorded, FixtureJson));
            Assert.Fail(Describe(scenario, recorded, fixture.Version) + $" Actual run written to {actual}.");
        }
    }

    [Fact]
    public async Task A_generation_continued_from_an_older_version_runs_the_current_one()
    {
        var script = new WindowScript();
        script.Statuses.AddRange(Enumerable.Repeat(WindowScript.Ok("x1", "PENDING"), 30));
        script.Statuses.Add(WindowScript.Ok("x1", "DONE"));

        var outcome = await script.RunAsync(version: 0);

        Assert.True(outcome.Ready);
        var continued = script.Context.Actions.First(a => a.StartsWith("continue-as-new ", StringComparison.Ordinal));
        var input = JsonSerializer.Deserialize<ExportWindowInput>(continued["continue-as-new ".Length..], JsonSerializerOptions.Web)!;
        Assert.Equal(TaskNames.ExportWindowVersion, input.Version);
    }

    [Fact]
    public void Inputs_written_by_the_release_before_versions_read_with_safe_defaults()
    {
        // ExportWindowInput and ExportPolicy exactly as the previous release serialized them: no State, no
        // Version, no ConcurrencyRetryDelay or WindowBudget.
        const string previous = """
            {"MerchantId":"m1","Window":{"Type":0,"Start":"2026-01-01T00:00:00+00:00","End":"2026-01-31T23:59:59.999+00:00"},
             "Policy":{"PollInitialInterval":"00:00:10","PollMaxInterval":"00:05:00","ExportDeadline":"06:00:00","MaxExportAttempts":3,
                       "MaxExportsInFlight":1,"MaxParallelFileCopies":4,"WindowsPerGeneration":8,"ClosedHoursJitter":"00:10:00",
                       "ActivityRetryInterval":"00:00:05"}}
            """;
        var input = JsonDataConverter.Default.Deserialize<ExportWindowInput>(previous)!;

        Assert.Equal(0, input.Version);
        Assert.Null(input.State);
        Assert.Equal(TimeSpan.FromMinutes(1), input.Policy.EffectiveConcurrencyRetryDelay);
        Assert.Equal(TimeSpan.FromDays(2), input.Policy.EffectiveWindowBudget);
    }

    [Fact]
    public void Carried_state_without_later_fields_reads_with_safe_defaults()
    {
        const string state = """{"StartedAt":"2026-03-02T14:00:00+00:00","ExportsCreated":1,"Export":{"ExportId":"x1","CreatedAt":"2026-03-02T14:01:00+00:00","Interval":"00:00:20"}}""";
        var read = JsonDataConverter.Default.Deserialize<ExportWindowState>(state)!;

        Assert.False(read.HoldsSlot);
        Assert.Null(read.LeaseUntil);
        Assert.Equal(0, read.ConcurrencyWaits);
        Assert.Equal(0, read.ExportsAbandoned);
        Assert.Equal("x1", read.Export!.ExportId);
        Assert.Null(read.Export.WaitUntil);
        Assert.Equal(0, read.Export.PollFailures);

        const string continuation = """
            {"MerchantId":"m1","Continuation":{"RunId":"r1","Generation":2,"Until":"2026-03-01T00:00:00+00:00",
             "After":{"Start":"2026-01-01T00:00:00+00:00","Type":0},
             "Totals":{"WindowsPlanned":9,"WindowsDone":4,"WindowsFailed":0,"Files":8,"Objects":80,"Bytes":800,"ExportsCreated":4,"Failures":[]}}}
            """;
        var merchant = JsonDataConverter.Default.Deserialize<MerchantExportInput>(continuation)!;

        Assert.Null(merchant.Continuation!.StartedAt);
        Assert.Equal(0, merchant.Continuation.Totals.ExportsAbandoned);
        Assert.True(merchant.IsIncremental);
    }

    private static async Task<(IReadOnlyList<string> Actions, string Outcome)> RunAsync(Scenario scenario, int version)
    {
        var script = new WindowScript();
        script.Creates.AddRange(scenario.Creates);
        script.Statuses.AddRange(scenario.Statuses);
        script.Slots.AddRange(scenario.Slots);
        script.WakeOnRelease.AddRange(scenario.WakeOnRelease);
        var events = new Queue<bool>(scenario.EventArrives);
        script.Context.EventArrives = () => events.Count > 0 && events.Dequeue();

        var outcome = await script.RunAsync(version: version);

        // A generation continues as the current version by design (tested below); the fixture of an
        // older version recorded its own number there.
        var actions = script.Context.Actions
            .Select(a => a.StartsWith("continue-as-new ", StringComparison.Ordinal)
                ? a.Replace($"\"version\":{TaskNames.ExportWindowVersion}}}", $"\"version\":{version}}}", StringComparison.Ordinal)
                : a)
            .ToList();
        return (actions, JsonSerializer.Serialize(outcome, JsonSerializerOptions.Web));
    }

    private static string Describe(Scenario expected, Scenario actual, int version)
    {
        var first = Enumerable.Range(0, Math.Max(expected.Actions.Count, actual.Actions.Count))
            .FirstOrDefault(i => i >= expected.Actions.Count || i >= actual.Actions.Count || expected.Actions[i] != actual.Actions[i], -1);
        if (first < 0 || (first < expected.Actions.Count && first < actual.Actions.Count && Call(expected.Actions[first]) == Call(actual.Actions[first])))
        {
            // The engine matches replayed calls by kind, name and order, not by input or fire time.
            return $"Scenario '{expected.Name}': the same calls for window version {version}, but a different input, time or outcome " +
                $"(action {first}: '{(first < 0 ? actual.Outcome : actual.Actions[first])}'). That replays; if a record gained a field, check its default " +
                "for instances of older versions, then re-record this fixture (docs/deploy.md).";
        }

        return $"Scenario '{expected.Name}': an instance of window version {version} would not replay on this code: action {first} is " +
            $"'{(first < actual.Actions.Count ? actual.Actions[first] : "(none)")}', recorded '{(first < expected.Actions.Count ? expected.Actions[first] : "(none)")}'. " +
            "Keep that version's sequence behind a branch on ExportWindowInput.Version and bump TaskNames.ExportWindowVersion, or deploy by draining (docs/deploy.md).";
    }

    /// <summary>An action's kind and name ("activity CreateExportActivity", "timer"): what replay checks.</summary>
    private static string Call(string action)
    {
        var parts = action.Split(' ', 3);
        return parts[0] is "timer" or "continue-as-new" ? parts[0] : $"{parts[0]} {parts[1]}";
    }

    private static Fixture Read(string file) => JsonSerializer.Deserialize<Fixture>(File.ReadAllText(file), FixtureJson)!;

    private sealed record Fixture(int Version, IReadOnlyList<Scenario> Scenarios);

    /// <param name="EventArrives">Whether each timed wait for a freed slot gets its event (then times out).</param>
    private sealed record Scenario(
        string Name,
        IReadOnlyList<CloverCallResult> Creates,
        IReadOnlyList<CloverCallResult> Statuses,
        IReadOnlyList<ExportSlotDecision> Slots,
        IReadOnlyList<string> WakeOnRelease,
        IReadOnlyList<bool> EventArrives,
        IReadOnlyList<string> Actions,
        string Outcome);
}

using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using CloverExport.Core.Configuration;
using CloverExport.Core.Merchants;
using CloverExport.Core.Tokens;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Options;

namespace CloverExport.Pipeline.Tests;

/// <summary>OAuth merchants end to end: expiring tokens refreshed during long runs, one refresh for many workers, lost refreshes, revocation.</summary>
public class TokenLifecycleTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private const string ClientId = "PIPELINEAPP01";

    [Fact]
    public async Task A_backfill_that_outlives_several_access_token_lifetimes_finishes_with_complete_data_and_no_token_anywhere()
    {
        var (from, to) = Scenario.FirstDays(239);
        var merchant = OAuthMerchant("OAUTHBACKFIL1", from, to);
        var options = Emulator(merchant);
        options.AccessTokenLifetime = TimeSpan.FromSeconds(2);
        options.ProcessingBase = TimeSpan.FromMilliseconds(700);
        var (harness, admin) = await StartAsync(options);
        await using var _ = harness;
        await OnboardAsync(admin, merchant, DateTimeOffset.UtcNow.AddSeconds(2));

        var (result, instanceId) = await harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, from, to));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        Assert.Equal(result.Totals.WindowsPlanned, result.Totals.WindowsDone);
        await harness.AssertExactlyOnceAsync(merchant.Id, from, to);

        // The run took many lifetimes, so the token was replaced several times, each pair saved before use.
        Assert.True(harness.Emulator.Counters.TokenRefreshes >= 3, $"{harness.Emulator.Counters.TokenRefreshes} refreshes");
        Assert.Equal(0, harness.Emulator.Counters.TokenRefreshesRejected);
        Assert.Equal(MerchantHealth.Healthy, (await admin.GetRequiredService<IMerchantStatusStore>().GetStatusAsync(merchant.Id)).Health);
        await AssertNoTokenAnywhereAsync(harness, admin, TokensOf(harness, merchant), instanceId);
    }

    [Fact]
    public async Task Many_concurrent_activities_hitting_an_expired_token_cause_exactly_one_refresh()
    {
        var (from, to) = Scenario.FirstDays(200);
        var merchant = OAuthMerchant("OAUTHCONCURR1", from, to);
        var options = Emulator(merchant);
        options.MaxConcurrentExportsPerMerchant = 6;
        options.ProcessingBase = TimeSpan.FromMilliseconds(300);
        // The app-wide scheduler (3 slots by default) would cap the windows in flight this test needs.
        var (harness, admin) = await StartAsync(options, new() { ["Export:MaxExportsInFlightPerMerchant"] = "6", ["Export:MaxExportsInFlightPerApp"] = "0" });
        await using var _ = harness;
        await OnboardAsync(admin, merchant, DateTimeOffset.UtcNow.AddMinutes(-5));

        var (result, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, from, to));

        Assert.True(result.Status == MerchantExportStatus.Completed, Describe(result));
        Assert.True(harness.Emulator.Counters.PeakConcurrentExports[merchant.Id] >= 4, "several windows were in flight at once");
        Assert.Equal(1, harness.Emulator.Counters.TokenRefreshes);
        await harness.AssertExactlyOnceAsync(merchant.Id, ExportType.Orders, from, to);
    }

    [Fact]
    public async Task A_crash_between_refresh_and_save_lands_in_needs_reauth_with_a_clear_reason_and_never_loops()
    {
        var (from, to) = Scenario.FirstDays(100);
        var merchant = OAuthMerchant("OAUTHCRASHED1", from, to);
        var (harness, admin) = await StartAsync(Emulator(merchant), configureServices: services =>
            services.AddSingleton<ITokenSecretStore>(p => new CrashBeforeSave(
                new EncryptedBlobTokenSecretStore(p.GetRequiredService<TokenContainer>(), p.GetRequiredService<IOptions<TokenOptions>>()))));
        await using var _ = harness;
        await OnboardAsync(admin, merchant, DateTimeOffset.UtcNow.AddMinutes(-5));

        var (first, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, from, to));
        var (second, _) = await harness.RunAsync(new MerchantExportInput(merchant.Id, ExportTypes.All, from, to));

        Assert.True(first.Status == MerchantExportStatus.CompletedWithFailures, Describe(first));
        Assert.Equal(0, first.Totals.WindowsDone);
        Assert.Contains(first.Totals.Failures, f => f.Reason.Contains("interrupted before its result was saved", StringComparison.Ordinal));
        Assert.All(first.Totals.Failures, f => Assert.Contains("needs re-authorization", f.Reason, StringComparison.Ordinal));
        Assert.Equal(MerchantExportStatus.Rejected, second.Status);
        Assert.Contains("needs re-authorization", second.Error, StringComparison.Ordinal);
        var status = await admin.GetRequiredService<IMerchantStatusStore>().GetStatusAsync(merchant.Id);
        Assert.Equal(MerchantHealth.NeedsReauth, status.Health);
        Assert.Contains("interrupted", status.LastError, StringComparison.Ordinal);

        // One refresh that Clover answered (and whose result was lost), one recovery attempt it refused; nothing after.
        var counters = harness.Emulator.Counters;
        Assert.Equal(1, counters.TokenRefreshes);
        Assert.Equal(1, counters.TokenRefreshesRejected);
        Assert.Equal(0, counters.ExportsCreated);
    }

    [Fact]
    public async Task A_revoked_refresh_token_stops_only_that_merchant()
    {
        var (from, to) = Scenario.FirstDays(100);
        var revoked = OAuthMerchant("OAUTHREVOKED1", from, to, seed: 3);
        var healthy = OAuthMerchant("OAUTHHEALTHY1", from, to, seed: 4);
        var (harness, admin) = await StartAsync(Emulator(revoked, healthy));
        await using var _ = harness;
        await OnboardAsync(admin, revoked, DateTimeOffset.UtcNow.AddMinutes(-5));
        await OnboardAsync(admin, healthy, DateTimeOffset.UtcNow.AddMinutes(-5));
        harness.Emulator.RevokeTokens(revoked.Id);

        var runs = await Task.WhenAll(new[] { revoked, healthy }.Select(m => harness.RunAsync(new MerchantExportInput(m.Id, ExportTypes.All, from, to))));
        var statuses = admin.GetRequiredService<IMerchantStatusStore>();

        var (stopped, stoppedInstance) = runs[0];
        var (finished, finishedInstance) = runs[1];
        Assert.True(stopped.Status == MerchantExportStatus.CompletedWithFailures && stopped.Totals.WindowsDone == 0, Describe(stopped));
        Assert.All(stopped.Totals.Failures, f => Assert.Contains($"Merchant {revoked.Id} needs re-authorization: Clover refused its refresh token", f.Reason, StringComparison.Ordinal));
        Assert.True(finished.Status == MerchantExportStatus.Completed, Describe(finished));
        await harness.AssertExactlyOnceAsync(healthy.Id, ExportType.Payments, from, to);
        Assert.Equal(MerchantHealth.NeedsReauth, (await statuses.GetStatusAsync(revoked.Id)).Health);
        Assert.Equal(MerchantHealth.Healthy, (await statuses.GetStatusAsync(healthy.Id)).Health);
        Assert.Equal(1, harness.Emulator.Counters.TokenRefreshesRejected);
        await AssertNoTokenAnywhereAsync(harness, admin, [.. TokensOf(harness, revoked), .. TokensOf(harness, healthy)], stoppedInstance, finishedInstance);
    }

    private static EmulatorMerchantOptions OAuthMerchant(string id, DateTimeOffset from, DateTimeOffset to, int seed = 7)
    {
        var merchant = Scenario.Merchant(id, from, to, ordersPerDay: 12, seed: seed);
        merchant.Token = $"initial-access-SECRET-{id}";
        merchant.RefreshToken = $"initial-refresh-SECRET-{id}";
        return merchant;
    }

    private static EmulatorOptions Emulator(params EmulatorMerchantOptions[] merchants)
    {
        var options = Scenario.Emulator(merchants);
        options.OAuthClientId = ClientId;
        return options;
    }

    /// <summary>The pipeline, plus a second service provider ("the operator's process") for onboarding and status.</summary>
    private async Task<(PipelineHarness Harness, ServiceProvider Admin)> StartAsync(
        EmulatorOptions options, Dictionary<string, string?>? overrides = null, Action<IServiceCollection>? configureServices = null)
    {
        var settings = new Dictionary<string, string?>(overrides ?? [])
        {
            ["Tokens:LocalEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Tokens:ClientId"] = ClientId,
            ["Tokens:Container"] = "tok" + Guid.NewGuid().ToString("N")[..20],
        };
        var harness = await PipelineHarness.StartAsync(azurite.Azurite, options, settings, configureServices);
        var admin = new ServiceCollection().AddLogging().AddCloverExportPipeline(harness.Configuration).BuildServiceProvider();
        return (harness, admin);
    }

    private static async Task OnboardAsync(ServiceProvider admin, EmulatorMerchantOptions merchant, DateTimeOffset accessExpiresAt)
    {
        var info = await admin.GetRequiredService<IMerchantDirectory>().FindAsync(merchant.Id);
        await admin.GetRequiredService<MerchantOnboarding>().SaveAsync(info!, new TokenGrant
        {
            AccessToken = merchant.Token,
            AccessTokenExpiresAt = accessExpiresAt,
            RefreshToken = merchant.RefreshToken,
        });
    }

    private static IReadOnlyList<string> TokensOf(PipelineHarness harness, EmulatorMerchantOptions merchant) =>
        [merchant.Token, merchant.RefreshToken!, .. harness.Emulator.IssuedTokens(merchant.Id)];

    /// <summary>Durable history (inputs, outputs, custom status, failures), logs, export blob metadata and the token container's blobs.</summary>
    private static async Task AssertNoTokenAnywhereAsync(PipelineHarness harness, ServiceProvider admin, IReadOnlyList<string> tokens, params string[] instanceIds)
    {
        var seen = new List<string?>();
        foreach (var instanceId in instanceIds)
        {
            var metadata = await harness.Client.GetInstanceAsync(instanceId, getInputsAndOutputs: true);
            seen.AddRange([metadata!.SerializedInput, metadata.SerializedOutput, metadata.SerializedCustomStatus]);
        }

        await foreach (var instance in harness.Client.GetAllInstancesAsync(new OrchestrationQuery { FetchInputsAndOutputs = true }))
        {
            seen.AddRange([instance.SerializedInput, instance.SerializedOutput, instance.SerializedCustomStatus, instance.FailureDetails?.ErrorMessage]);
        }

        await foreach (var blob in harness.Container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
        {
            seen.AddRange(blob.Metadata.Values);
        }

        var tokenContainer = await admin.GetRequiredService<TokenContainer>().GetAsync();
        await foreach (var blob in tokenContainer.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }))
        {
            seen.AddRange(blob.Metadata.Values);
            seen.Add(System.Text.Encoding.Latin1.GetString((await tokenContainer.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray()));
        }

        seen.AddRange(harness.Logs.Lines());
        Assert.True(seen.Count > 20);
        Assert.True(tokens.Count >= 4);
        foreach (var token in tokens)
        {
            Assert.DoesNotContain(seen, text => text is not null && text.Contains(token, StringComparison.Ordinal));
        }
    }

    /// <summary>The worker "dies" after Clover answered a refresh and before the new pair was saved: every save fails.</summary>
    private sealed class CrashBeforeSave(ITokenSecretStore inner) : ITokenSecretStore
    {
        public Task<TokenSet?> ReadAsync(string merchantId, CancellationToken cancellationToken = default) => inner.ReadAsync(merchantId, cancellationToken);

        public Task WriteAsync(string merchantId, TokenSet tokens, CancellationToken cancellationToken = default) =>
            throw new TokenStoreException("simulated crash before the save");
    }
}

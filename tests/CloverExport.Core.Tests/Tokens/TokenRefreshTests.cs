using CloverExport.Core.Merchants;
using CloverExport.Core.Tokens;
using CloverExport.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tests.Tokens;

public sealed class TokenRefreshTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset Start = new(2024, 1, 10, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Many_concurrent_callers_on_two_workers_refresh_an_expired_token_exactly_once()
    {
        await using var rig = await TokenRig.StartAsync(azurite.Azurite);
        await rig.OnboardAsync(TokenRig.A);
        var workers = new[] { rig.NewWorker(), rig.NewWorker() };

        var tokens = await Task.WhenAll(Enumerable.Range(0, 24).Select(i =>
            workers[i % 2].GetRequiredService<ICloverAccessTokenProvider>().GetAccessTokenAsync(TokenRig.A).AsTask()));
        var job = await workers[1].GetRequiredService<ICloverExportClient>().CreateExportAsync(TokenRig.A, ExportType.Orders, Start, Start.AddDays(1));

        Assert.Single(tokens.Distinct());
        Assert.NotEqual(TokenRig.InitialAccess(TokenRig.A), tokens[0]);
        Assert.Equal(1, rig.Emulator.Counters.TokenRefreshes);
        Assert.False(string.IsNullOrEmpty(job.Id));
    }

    [Fact]
    public async Task A_401_on_a_token_that_looked_valid_refreshes_once_and_the_call_goes_through()
    {
        await using var rig = await TokenRig.StartAsync(azurite.Azurite);
        await rig.OnboardAsync(TokenRig.A, accessExpired: false);
        rig.Emulator.AddFault(new Emulator.EmulatorFault { Kind = Emulator.EmulatorFaultKind.Unauthorized, MerchantId = TokenRig.A });
        var client = rig.NewWorker().GetRequiredService<ICloverExportClient>();

        var job = await client.CreateExportAsync(TokenRig.A, ExportType.Orders, Start, Start.AddDays(1));
        var status = await client.GetExportAsync(TokenRig.A, job.Id);

        var counters = rig.Emulator.Counters;
        Assert.Equal(1, counters.TokenRefreshes);
        Assert.Equal(1, counters.RequestCount("POST /v3/merchants/{mId}/exports", 401));
        Assert.Equal(1, counters.RequestCount("POST /v3/merchants/{mId}/exports", 200));
        Assert.Equal(job.Id, status.Id);
    }

    [Fact]
    public async Task An_interrupted_refresh_that_never_reached_Clover_is_recovered_with_the_stored_refresh_token()
    {
        await using var rig = await TokenRig.StartAsync(azurite.Azurite);
        await rig.OnboardAsync(TokenRig.A);
        var worker = rig.NewWorker();
        var stored = await worker.GetRequiredService<ITokenSecretStore>().ReadAsync(TokenRig.A);
        await using (var held = await worker.GetRequiredService<TokenRefreshLock>().AcquireAsync(TokenRig.A, CancellationToken.None))
        {
            // The write-ahead note of a worker that died before its request left.
            await held.WriteMarkerAsync(new RefreshMarker(stored!.Generation, DateTimeOffset.UtcNow), CancellationToken.None);
        }

        var token = await rig.NewWorker().GetRequiredService<ICloverAccessTokenProvider>().GetAccessTokenAsync(TokenRig.A);

        await using var after = await worker.GetRequiredService<TokenRefreshLock>().AcquireAsync(TokenRig.A, CancellationToken.None);
        Assert.Null(await after.ReadMarkerAsync(CancellationToken.None));
        Assert.Equal(rig.Emulator.IssuedTokens(TokenRig.A)[0], token);
        Assert.Equal(stored.Generation + 1, (await worker.GetRequiredService<ITokenSecretStore>().ReadAsync(TokenRig.A))!.Generation);
        Assert.Equal(MerchantHealth.Healthy, (await worker.GetRequiredService<IMerchantStatusStore>().GetStatusAsync(TokenRig.A)).Health);
    }

    [Fact]
    public async Task A_refresh_lost_before_its_save_ends_in_needs_reauth_with_a_clear_message_and_never_loops()
    {
        await using var rig = await TokenRig.StartAsync(azurite.Azurite);
        await rig.OnboardAsync(TokenRig.A);
        var crashing = CrashingWorker(rig);
        var survivor = rig.NewWorker();
        var statuses = survivor.GetRequiredService<IMerchantStatusStore>();

        var lost = await Assert.ThrowsAsync<TokenStoreException>(() =>
            crashing.GetRequiredService<ICloverAccessTokenProvider>().GetAccessTokenAsync(TokenRig.A).AsTask());
        var failing = await statuses.GetStatusAsync(TokenRig.A);
        var refused = await Assert.ThrowsAsync<CloverAuthorizationException>(() =>
            survivor.GetRequiredService<ICloverAccessTokenProvider>().GetAccessTokenAsync(TokenRig.A).AsTask());
        for (var i = 0; i < 5; i++)
        {
            await Assert.ThrowsAsync<CloverAuthorizationException>(() =>
                rig.NewWorker().GetRequiredService<ICloverExportClient>().CreateExportAsync(TokenRig.A, ExportType.Orders, Start, Start.AddDays(1)));
        }

        Assert.Equal(MerchantHealth.Failing, failing.Health);
        Assert.Contains("could not be saved", lost.Message, StringComparison.Ordinal);
        Assert.Contains("needs re-authorization", refused.Message, StringComparison.Ordinal);
        Assert.Contains("interrupted before its result was saved", refused.Message, StringComparison.Ordinal);
        var status = await statuses.GetStatusAsync(TokenRig.A);
        Assert.Equal(MerchantHealth.NeedsReauth, status.Health);
        Assert.Equal(refused.Message, status.LastError);
        var counters = rig.Emulator.Counters;
        Assert.Equal(1, counters.TokenRefreshes);
        Assert.Equal(1, counters.TokenRefreshesRejected);
        Assert.Equal(0, counters.RequestCount("POST /v3/merchants/{mId}/exports"));
        Assert.DoesNotContain(rig.AllTokens(), t => refused.Message.Contains(t, StringComparison.Ordinal) || lost.Message.Contains(t, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Onboarding_new_tokens_clears_needs_reauth()
    {
        await using var rig = await TokenRig.StartAsync(azurite.Azurite);
        await rig.OnboardAsync(TokenRig.A);
        await Assert.ThrowsAsync<TokenStoreException>(() => CrashingWorker(rig).GetRequiredService<ICloverAccessTokenProvider>().GetAccessTokenAsync(TokenRig.A).AsTask());
        var worker = rig.NewWorker();
        await Assert.ThrowsAsync<CloverAuthorizationException>(() => worker.GetRequiredService<ICloverAccessTokenProvider>().GetAccessTokenAsync(TokenRig.A).AsTask());

        // The operator re-authorizes: here with the refresh token the lost refresh obtained, which Clover still honours.
        await rig.OnboardAsync(TokenRig.A, refreshToken: rig.Emulator.IssuedTokens(TokenRig.A)[1]);
        var token = await worker.GetRequiredService<ICloverAccessTokenProvider>().GetAccessTokenAsync(TokenRig.A);

        Assert.Equal(rig.Emulator.IssuedTokens(TokenRig.A)[2], token);
        Assert.Equal(MerchantHealth.Healthy, (await worker.GetRequiredService<IMerchantStatusStore>().GetStatusAsync(TokenRig.A)).Health);
    }

    [Fact]
    public async Task A_revoked_refresh_token_marks_only_that_merchant()
    {
        await using var rig = await TokenRig.StartAsync(azurite.Azurite);
        await OnboardBothAndRevokeAsync(rig, TokenRig.A);
        var worker = rig.NewWorker();
        var client = worker.GetRequiredService<ICloverExportClient>();

        var refused = await Assert.ThrowsAsync<CloverAuthorizationException>(() => client.CreateExportAsync(TokenRig.A, ExportType.Orders, Start, Start.AddDays(1)));
        var other = await client.CreateExportAsync(TokenRig.B, ExportType.Orders, Start, Start.AddDays(1));
        var statuses = worker.GetRequiredService<IMerchantStatusStore>();

        Assert.Contains("Clover refused its refresh token", refused.Message, StringComparison.Ordinal);
        Assert.Equal(MerchantHealth.NeedsReauth, (await statuses.GetStatusAsync(TokenRig.A)).Health);
        Assert.Equal(MerchantHealth.Healthy, (await statuses.GetStatusAsync(TokenRig.B)).Health);
        Assert.False(string.IsNullOrEmpty(other.Id));
    }

    [Fact]
    public async Task Static_configured_tokens_keep_working_beside_stored_pairs_and_a_401_on_them_is_final()
    {
        await using var rig = await TokenRig.StartAsync(azurite.Azurite);
        var worker = rig.NewWorker();
        var provider = worker.GetRequiredService<ICloverAccessTokenProvider>();

        var token = await provider.GetAccessTokenAsync(TokenRig.StaticMerchant);
        var job = await worker.GetRequiredService<ICloverExportClient>().CreateExportAsync(TokenRig.StaticMerchant, ExportType.Orders, Start, Start.AddDays(1));
        var renewed = await provider.RenewAfterRejectionAsync(TokenRig.StaticMerchant, TokenRig.StaticToken);

        Assert.IsType<OAuthTokenProvider>(provider);
        Assert.Equal(TokenRig.StaticToken, token);
        Assert.False(string.IsNullOrEmpty(job.Id));
        Assert.False(renewed);
        Assert.Equal(0, rig.Emulator.Counters.TokenRefreshes);
    }

    [Fact]
    public async Task No_token_reaches_blob_content_blob_metadata_logs_or_exception_text()
    {
        await using var rig = await TokenRig.StartAsync(azurite.Azurite);
        await OnboardBothAndRevokeAsync(rig, TokenRig.B);
        var client = rig.NewWorker().GetRequiredService<ICloverExportClient>();
        await client.CreateExportAsync(TokenRig.A, ExportType.Orders, Start, Start.AddDays(1));
        var refused = await Assert.ThrowsAsync<CloverAuthorizationException>(() => client.CreateExportAsync(TokenRig.B, ExportType.Orders, Start, Start.AddDays(1)));

        var seen = new List<string> { refused.ToString() };
        var names = new List<string>();
        await foreach (var blob in rig.TokenContainer.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Traits = Azure.Storage.Blobs.Models.BlobTraits.Metadata }))
        {
            names.Add(blob.Name);
            seen.AddRange(blob.Metadata.Keys.Concat(blob.Metadata.Values));
            seen.Add(System.Text.Encoding.Latin1.GetString((await rig.TokenContainer.GetBlobClient(blob.Name).DownloadContentAsync()).Value.Content.ToArray()));
        }

        seen.AddRange(rig.Logs.Lines());
        Assert.Contains(EncryptedBlobTokenSecretStore.BlobName(TokenRig.A), names);
        Assert.Contains(TokenRefreshLock.BlobName(TokenRig.A), names);
        Assert.True(rig.Emulator.IssuedTokens(TokenRig.A).Count >= 2);
        foreach (var token in rig.AllTokens())
        {
            Assert.DoesNotContain(seen, text => text.Contains(token, StringComparison.Ordinal));
        }
    }

    /// <summary>Onboards A and B (access tokens expired, so the first call refreshes); then <paramref name="revoked"/>'s OAuth tokens stop working.</summary>
    private static async Task OnboardBothAndRevokeAsync(TokenRig rig, string revoked)
    {
        await rig.OnboardAsync(TokenRig.A);
        await rig.OnboardAsync(TokenRig.B);
        rig.Emulator.RevokeTokens(revoked);
    }

    private static IServiceProvider CrashingWorker(TokenRig rig) =>
        rig.NewWorker(services => services.AddSingleton<ITokenSecretStore>(p => new FailingTokenStore(
            new EncryptedBlobTokenSecretStore(p.GetRequiredService<TokenContainer>(), p.GetRequiredService<IOptions<TokenOptions>>()), failures: 3)));
}

using System.Security.Cryptography;
using Azure.Storage.Blobs;
using CloverExport.Core.Configuration;
using CloverExport.Core.Merchants;
using CloverExport.Core.Tokens;
using CloverExport.Emulator;
using CloverExport.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Testing;

namespace CloverExport.Core.Tests.Tokens;

/// <summary>
/// An emulator with two OAuth merchants and Azurite, plus any number of "workers": separate service
/// providers (as separate processes would be) sharing the same storage and token settings.
/// </summary>
internal sealed class TokenRig : IAsyncDisposable
{
    public const string A = "OAUTHMERCHNT1";
    public const string B = "OAUTHMERCHNT2";
    public const string StaticMerchant = "STATICMERCHT1";
    public const string StaticToken = "static-SECRET-token-8c1e";
    public const string ClientId = "APPCLIENTID01";

    private readonly List<ServiceProvider> workers = [];

    private TokenRig(CloverEmulatorHost emulator, IConfiguration configuration, string tokenContainer, AzuriteInstance azurite)
    {
        Emulator = emulator;
        Configuration = configuration;
        TokenContainer = azurite.CreateBlobServiceClient().GetBlobContainerClient(tokenContainer);
    }

    public CloverEmulatorHost Emulator { get; }

    public IConfiguration Configuration { get; }

    public BlobContainerClient TokenContainer { get; }

    public FakeLoggerProvider Logs { get; } = new();

    public static string InitialAccess(string merchantId) => $"initial-access-SECRET-{merchantId}";

    public static string InitialRefresh(string merchantId) => $"initial-refresh-SECRET-{merchantId}";

    public static async Task<TokenRig> StartAsync(AzuriteInstance azurite, Action<Dictionary<string, string?>>? configure = null)
    {
        var emulator = await CloverEmulatorHost.StartAsync(new EmulatorOptions
        {
            Merchants = [Merchant(A, 1), Merchant(B, 2), new EmulatorMerchantOptions { Id = StaticMerchant, Token = StaticToken, DataStart = new(2024, 1, 1), DataEnd = new(2024, 3, 1) }],
            ProcessingBase = TimeSpan.FromMilliseconds(20),
            EnforceHours = false,
            AccessTokenLifetime = TimeSpan.FromHours(1),
            OAuthClientId = ClientId,
        });
        var tokenContainer = "tok" + Guid.NewGuid().ToString("N")[..20];
        var settings = new Dictionary<string, string?>
        {
            ["Clover:BaseUrl"] = emulator.ApiBaseUrl.ToString(),
            ["Clover:AllowedFileHosts"] = "127.0.0.1",
            ["Storage:ConnectionString"] = azurite.ConnectionString,
            ["Storage:Container"] = "exp" + Guid.NewGuid().ToString("N")[..20],
            ["Tokens:Container"] = tokenContainer,
            ["Tokens:ClientId"] = ClientId,
            ["Tokens:LocalEncryptionKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
            ["Merchants:0:Id"] = A,
            ["Merchants:0:Region"] = "sandbox",
            ["Merchants:1:Id"] = B,
            ["Merchants:1:Region"] = "sandbox",
            ["Merchants:2:Id"] = StaticMerchant,
            ["Merchants:2:Region"] = "sandbox",
            ["Merchants:2:Token"] = StaticToken,
        };
        configure?.Invoke(settings);
        return new TokenRig(emulator, new ConfigurationBuilder().AddInMemoryCollection(settings).Build(), tokenContainer, azurite);
    }

    /// <summary>A new worker: its own caches and HTTP clients, the shared stores.</summary>
    public IServiceProvider NewWorker(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddCapturedLogs(Logs);
        services.AddCloverExportPipeline(Configuration);
        configure?.Invoke(services);
        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        workers.Add(provider);
        return provider;
    }

    /// <summary>Onboards A/B with the emulator's initial pair; the access token is marked expired unless told otherwise.</summary>
    public async Task OnboardAsync(string merchantId, bool accessExpired = true, string? refreshToken = null)
    {
        var onboarding = NewWorker().GetRequiredService<MerchantOnboarding>();
        var merchant = await onboarding.ListAsync();
        await onboarding.SaveAsync(merchant.Single(m => m.Info.Id == merchantId).Info, new TokenGrant
        {
            AccessToken = InitialAccess(merchantId),
            AccessTokenExpiresAt = accessExpired ? DateTimeOffset.UtcNow.AddMinutes(-1) : DateTimeOffset.UtcNow.AddHours(1),
            RefreshToken = refreshToken ?? InitialRefresh(merchantId),
        });
    }

    /// <summary>Every token this test could leak: the initial ones and whatever the emulator issued.</summary>
    public IReadOnlyList<string> AllTokens() =>
        [.. new[] { A, B }.SelectMany(m => new[] { InitialAccess(m), InitialRefresh(m) }.Concat(Emulator.IssuedTokens(m))), StaticToken];

    public async ValueTask DisposeAsync()
    {
        foreach (var worker in workers)
        {
            await worker.DisposeAsync();
        }

        await Emulator.DisposeAsync();
    }

    private static EmulatorMerchantOptions Merchant(string id, int seed) => new()
    {
        Id = id,
        Token = InitialAccess(id),
        RefreshToken = InitialRefresh(id),
        Region = "sandbox",
        DataStart = new DateOnly(2024, 1, 1),
        DataEnd = new DateOnly(2024, 3, 1),
        OrdersPerDay = 5,
        Seed = seed,
    };
}

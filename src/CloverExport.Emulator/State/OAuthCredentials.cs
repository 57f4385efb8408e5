using System.Security.Cryptography;
using System.Text;

namespace CloverExport.Emulator.State;

/// <summary>
/// One merchant's credentials: the static token (never expires) and, when the merchant has an initial
/// refresh token, expiring OAuth access tokens and a single-use refresh token. A refresh hands out a new
/// pair and spends the old refresh token; access tokens issued earlier stay valid until they expire.
/// </summary>
internal sealed class OAuthCredentials
{
    private readonly Lock gate = new();
    private readonly string? staticToken;
    private readonly TimeSpan accessLifetime;
    private readonly TimeSpan refreshLifetime;
    private readonly Dictionary<string, DateTimeOffset> accessTokens = new(StringComparer.Ordinal);
    private readonly List<string> issued = [];
    private string? refreshToken;
    private DateTimeOffset refreshExpires;

    public OAuthCredentials(EmulatorMerchantOptions merchant, EmulatorOptions options, DateTimeOffset now)
    {
        accessLifetime = options.AccessTokenLifetime;
        refreshLifetime = options.RefreshTokenLifetime;
        if (string.IsNullOrEmpty(merchant.RefreshToken))
        {
            staticToken = merchant.Token;
            return;
        }

        // With OAuth the configured Token is the first access token: it expires like any other.
        refreshToken = merchant.RefreshToken;
        refreshExpires = now + refreshLifetime;
        if (!string.IsNullOrEmpty(merchant.Token))
        {
            accessTokens[merchant.Token] = now + accessLifetime;
        }
    }

    /// <summary>Whether <paramref name="token"/> is the static token or an unexpired access token.</summary>
    public bool Accepts(string token, DateTimeOffset now)
    {
        if (staticToken is not null)
        {
            return FixedTimeEquals(token, staticToken);
        }

        lock (gate)
        {
            return accessTokens.TryGetValue(token, out var expires) && now < expires;
        }
    }

    /// <summary>Spends <paramref name="presented"/> and returns a new pair, or null when it is not the current, unexpired refresh token.</summary>
    public IssuedTokens? TryRefresh(string presented, DateTimeOffset now)
    {
        lock (gate)
        {
            if (refreshToken is null || !FixedTimeEquals(presented, refreshToken) || now >= refreshExpires)
            {
                return null;
            }

            var access = NewToken("emu-access-");
            refreshToken = NewToken("emu-refresh-");
            refreshExpires = now + refreshLifetime;
            accessTokens[access] = now + accessLifetime;
            accessTokens.Where(t => t.Value <= now).Select(t => t.Key).ToList().ForEach(t => accessTokens.Remove(t));
            issued.Add(access);
            issued.Add(refreshToken);
            return new IssuedTokens(access, now + accessLifetime, refreshToken, refreshExpires);
        }
    }

    /// <summary>Whether <paramref name="presented"/> is this merchant's current refresh token (used to route a refresh call).</summary>
    public bool Owns(string presented)
    {
        lock (gate)
        {
            return (refreshToken is not null && FixedTimeEquals(presented, refreshToken)) || issued.Contains(presented);
        }
    }

    /// <summary>The merchant uninstalled the app: every access token and the refresh token stop working.</summary>
    public void Revoke()
    {
        lock (gate)
        {
            refreshToken = null;
            accessTokens.Clear();
        }
    }

    /// <summary>Every token handed out by refreshes so far (tests scan outputs for them).</summary>
    public IReadOnlyList<string> Issued()
    {
        lock (gate)
        {
            return [.. issued];
        }
    }

    private static string NewToken(string prefix) => prefix + RandomNumberGenerator.GetHexString(32, lowercase: true);

    private static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));
}

/// <summary>A pair handed out by a refresh.</summary>
internal sealed record IssuedTokens(string AccessToken, DateTimeOffset AccessExpires, string RefreshToken, DateTimeOffset RefreshExpires);

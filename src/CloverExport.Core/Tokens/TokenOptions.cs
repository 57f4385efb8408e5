using System.ComponentModel.DataAnnotations;
using CloverExport.Core.Configuration;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tokens;

/// <summary>
/// OAuth token handling, section <c>Tokens</c> (plus <c>KeyVault:Uri</c>). With <c>KeyVault:Uri</c> the
/// pairs live in Key Vault; otherwise with <see cref="LocalEncryptionKey"/> in AES-GCM encrypted blobs;
/// with neither only static <c>Merchants:N:Token</c> values are used.
/// </summary>
public sealed class TokenOptions
{
    public const string SectionName = "Tokens";

    /// <summary>Length of the AES-GCM key in <see cref="LocalEncryptionKey"/>.</summary>
    public const int KeyBytes = 32;

    /// <summary>Refresh this long before the access token expires (at most half its lifetime).</summary>
    [NotNegative("Tokens:RefreshMargin")]
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The Clover app id sent as <c>client_id</c> when refreshing.</summary>
    public string? ClientId { get; set; }

    /// <summary>Base64 of 32 random bytes: the AES-GCM key of the local token blobs (development only).</summary>
    [EncryptionKey]
    public string? LocalEncryptionKey { get; set; }

    /// <summary>Blob container (in the export storage account) for refresh locks, status blobs and local token blobs.</summary>
    [ContainerName("Tokens:Container")]
    public string Container { get; set; } = "clover-tokens";

    /// <summary>From <c>KeyVault:Uri</c>: the vault holding <c>clover-token-{merchant id in lower case}</c> secrets.</summary>
    [HttpsUrl("KeyVault:Uri", "https://myvault.vault.azure.net/")]
    public string? KeyVaultUri { get; set; }

    /// <summary>Which secret store the settings select.</summary>
    public TokenStoreKind StoreKind =>
        !string.IsNullOrWhiteSpace(KeyVaultUri) ? TokenStoreKind.KeyVault
        : !string.IsNullOrWhiteSpace(LocalEncryptionKey) ? TokenStoreKind.EncryptedBlobs
        : TokenStoreKind.None;

    /// <summary>The key in <paramref name="text"/> (base64 of <see cref="KeyBytes"/> bytes); null when it is not one.</summary>
    internal static byte[]? TryDecodeKey(string? text)
    {
        var buffer = new byte[KeyBytes + 3];
        return text is not null && Convert.TryFromBase64String(text.Trim(), buffer, out var written) && written == KeyBytes
            ? buffer[..KeyBytes]
            : null;
    }

    /// <summary>Base64 of <see cref="KeyBytes"/> bytes when set; the message never echoes the key.</summary>
    internal sealed class EncryptionKeyAttribute() : SettingAttribute("Tokens:LocalEncryptionKey")
    {
        protected override string? Problem(object? value) =>
            value is string text && !string.IsNullOrWhiteSpace(text) && TryDecodeKey(text) is null
                ? $"{Setting} must be base64 of exactly {KeyBytes} bytes (e.g. `openssl rand -base64 32`)."
                : null;
    }
}

/// <summary>Start-up validation of <see cref="TokenOptions"/> (generated from its annotations).</summary>
[OptionsValidator]
internal sealed partial class TokenOptionsValidator : IValidateOptions<TokenOptions>;

public enum TokenStoreKind
{
    /// <summary>Static tokens from configuration only.</summary>
    None,

    KeyVault,

    EncryptedBlobs,
}

namespace CloverExport.Core.Tokens;

/// <summary>
/// OAuth token handling, section <c>Tokens</c> (plus <c>KeyVault:Uri</c>). With <c>KeyVault:Uri</c> the
/// pairs live in Key Vault; otherwise with <see cref="LocalEncryptionKey"/> in AES-GCM encrypted blobs;
/// with neither only static <c>Merchants:N:Token</c> values are used.
/// </summary>
public sealed class TokenOptions
{
    public const string SectionName = "Tokens";

    /// <summary>Refresh this long before the access token expires (at most half its lifetime).</summary>
    public TimeSpan RefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The Clover app id sent as <c>client_id</c> when refreshing.</summary>
    public string? ClientId { get; set; }

    /// <summary>Base64 of 32 random bytes: the AES-GCM key of the local token blobs (development only).</summary>
    public string? LocalEncryptionKey { get; set; }

    /// <summary>Blob container (in the export storage account) for refresh locks, status blobs and local token blobs.</summary>
    public string Container { get; set; } = "clover-tokens";

    /// <summary>From <c>KeyVault:Uri</c>: the vault holding <c>clover-token-{merchant id in lower case}</c> secrets.</summary>
    public string? KeyVaultUri { get; set; }

    /// <summary>Which secret store the settings select.</summary>
    public TokenStoreKind StoreKind =>
        !string.IsNullOrWhiteSpace(KeyVaultUri) ? TokenStoreKind.KeyVault
        : !string.IsNullOrWhiteSpace(LocalEncryptionKey) ? TokenStoreKind.EncryptedBlobs
        : TokenStoreKind.None;
}

public enum TokenStoreKind
{
    /// <summary>Static tokens from configuration only.</summary>
    None,

    KeyVault,

    EncryptedBlobs,
}

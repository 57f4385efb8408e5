using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tokens;

/// <summary>Start-up checks of <see cref="TokenOptions"/>; messages name the setting and never echo the key.</summary>
internal sealed class TokenOptionsValidator : IValidateOptions<TokenOptions>
{
    public const int KeyBytes = 32;

    public ValidateOptionsResult Validate(string? name, TokenOptions options)
    {
        var errors = new List<string>();
        if (options.RefreshMargin < TimeSpan.Zero)
        {
            errors.Add("Tokens:RefreshMargin must not be negative.");
        }

        if (!string.IsNullOrWhiteSpace(options.KeyVaultUri) && (!Uri.TryCreate(options.KeyVaultUri, UriKind.Absolute, out var vault) || vault.Scheme != Uri.UriSchemeHttps))
        {
            errors.Add("KeyVault:Uri must be an absolute https URL such as https://myvault.vault.azure.net/.");
        }

        if (!string.IsNullOrWhiteSpace(options.LocalEncryptionKey) && TryDecodeKey(options.LocalEncryptionKey) is null)
        {
            errors.Add($"Tokens:LocalEncryptionKey must be base64 of exactly {KeyBytes} bytes (e.g. `openssl rand -base64 32`).");
        }

        if (!Storage.StorageOptions.IsValidContainerName(options.Container))
        {
            errors.Add("Tokens:Container must be 3-63 characters of lower-case letters, digits and single hyphens.");
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    public static byte[]? TryDecodeKey(string? text)
    {
        var buffer = new byte[KeyBytes + 3];
        return text is not null && Convert.TryFromBase64String(text.Trim(), buffer, out var written) && written == KeyBytes
            ? buffer[..KeyBytes]
            : null;
    }
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Azure;
using CloverExport.Core.Merchants;
using Microsoft.Extensions.Options;

namespace CloverExport.Core.Tokens;

/// <summary>
/// Local stand-in for Key Vault: each pair in blob <c>secrets/{merchantId}</c> of the token container,
/// encrypted with AES-256-GCM under <c>Tokens:LocalEncryptionKey</c>. The merchant id is the associated
/// data, so a blob copied to another merchant's name does not decrypt.
/// Layout: version byte (1), 12-byte nonce, 16-byte tag, ciphertext.
/// </summary>
public sealed class EncryptedBlobTokenSecretStore(TokenContainer container, IOptions<TokenOptions> options) : ITokenSecretStore
{
    private const byte FormatVersion = 1;
    private const int NonceBytes = 12;
    private const int TagBytes = 16;
    private const int HeaderBytes = 1 + NonceBytes + TagBytes;

    private readonly byte[] key = TokenOptions.TryDecodeKey(options.Value.LocalEncryptionKey)
        ?? throw new InvalidOperationException("Tokens:LocalEncryptionKey must be base64 of 32 bytes.");

    public static string BlobName(string merchantId) => $"secrets/{merchantId}";

    public async Task<TokenSet?> ReadAsync(string merchantId, CancellationToken cancellationToken = default)
    {
        MerchantIds.Validate(merchantId);
        var blob = (await container.GetAsync()).GetBlobClient(BlobName(merchantId));
        byte[] sealedBytes;
        try
        {
            sealedBytes = (await blob.DownloadContentAsync(cancellationToken)).Value.Content.ToArray();
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null;
        }
        catch (RequestFailedException e)
        {
            throw new TokenStoreException($"Could not read the token blob of merchant {merchantId} (HTTP {e.Status}).", e);
        }

        return TokenSecrets.Parse(Open(sealedBytes, merchantId), merchantId);
    }

    public async Task WriteAsync(string merchantId, TokenSet tokens, CancellationToken cancellationToken = default)
    {
        MerchantIds.Validate(merchantId);
        var blob = (await container.GetAsync()).GetBlobClient(BlobName(merchantId));
        try
        {
            await blob.UploadAsync(new BinaryData(Seal(JsonSerializer.Serialize(tokens, TokenJsonContext.Default.TokenSet), merchantId)), overwrite: true, cancellationToken);
        }
        catch (RequestFailedException e)
        {
            throw new TokenStoreException($"Could not save the token blob of merchant {merchantId} (HTTP {e.Status}).", e);
        }
    }

    private byte[] Seal(string plain, string merchantId)
    {
        var plainBytes = Encoding.UTF8.GetBytes(plain);
        var output = new byte[HeaderBytes + plainBytes.Length];
        output[0] = FormatVersion;
        var nonce = output.AsSpan(1, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(key, TagBytes);
        aes.Encrypt(nonce, plainBytes, output.AsSpan(HeaderBytes), output.AsSpan(1 + NonceBytes, TagBytes), AssociatedData(merchantId));
        return output;
    }

    private string Open(byte[] sealedBytes, string merchantId)
    {
        if (sealedBytes.Length < HeaderBytes || sealedBytes[0] != FormatVersion)
        {
            throw new TokenStoreException($"The token blob of merchant {merchantId} is not in the expected format.");
        }

        var plain = new byte[sealedBytes.Length - HeaderBytes];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(sealedBytes.AsSpan(1, NonceBytes), sealedBytes.AsSpan(HeaderBytes), sealedBytes.AsSpan(1 + NonceBytes, TagBytes), plain, AssociatedData(merchantId));
        }
        catch (AuthenticationTagMismatchException e)
        {
            throw new TokenStoreException(
                $"The token blob of merchant {merchantId} does not decrypt: Tokens:LocalEncryptionKey changed or the blob was altered. Onboard the merchant again.", e);
        }

        return Encoding.UTF8.GetString(plain);
    }

    private static byte[] AssociatedData(string merchantId) => Encoding.UTF8.GetBytes("clover-token:" + merchantId);
}

using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CloverExport.Emulator.State;

/// <summary>HMAC signatures for pre-signed file links, with a key that lives as long as the emulator.</summary>
internal sealed class FileSigner
{
    private readonly byte[] key = RandomNumberGenerator.GetBytes(32);

    public string Sign(string exportId, int index, long expiresMs)
    {
        var data = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{exportId}/{index}/{expiresMs}"));
        return Convert.ToBase64String(HMACSHA256.HashData(key, data)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    public bool Verify(string exportId, int index, long expiresMs, string? signature) =>
        signature is not null &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(exportId, index, expiresMs)), Encoding.ASCII.GetBytes(signature));
}

namespace CloverExport.Core.Clover;

/// <summary>
/// Names of the two HttpClients <see cref="CloverServiceCollectionExtensions.AddCloverClient"/> registers.
/// The file client never carries a token and its primary handler checks the connected address:
/// replacing that handler removes the SSRF protection.
/// </summary>
public static class CloverHttpClients
{
    public const string Api = "CloverExport.Api";
    public const string Files = "CloverExport.Files";
}

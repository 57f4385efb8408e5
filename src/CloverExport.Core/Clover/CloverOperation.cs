namespace CloverExport.Core.Clover;

/// <summary>The API calls the client makes, for error classification and messages.</summary>
internal enum CloverOperation
{
    Create,
    Get,
}

internal static class CloverOperations
{
    public static string Describe(this CloverOperation operation) => operation switch
    {
        CloverOperation.Create => "create an export",
        _ => "read an export",
    };
}

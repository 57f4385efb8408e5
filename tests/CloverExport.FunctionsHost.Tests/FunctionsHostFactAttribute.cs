namespace CloverExport.FunctionsHost.Tests;

/// <summary>
/// A fact that needs a real Functions host: without one it is reported as skipped with the reason,
/// never as passed (xunit 2 reads <see cref="FactAttribute.Skip"/> at discovery).
/// </summary>
public sealed class FunctionsHostFactAttribute : FactAttribute
{
    public FunctionsHostFactAttribute(bool needsKeys = false)
    {
        if (FunctionsHostLocator.Host is not { } host)
        {
            Skip = FunctionsHostLocator.NotFoundReason;
        }
        else if (needsKeys && !host.EnforcesKeys)
        {
            Skip = "Core Tools does not enforce function keys locally; run with the shared host (FUNCTIONS_HOST_PATH) to check them.";
        }
    }
}

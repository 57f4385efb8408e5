using Microsoft.ApplicationInsights.Channel;
using Microsoft.ApplicationInsights.DataContracts;
using Microsoft.ApplicationInsights.Extensibility;

namespace CloverExport.Functions.Configuration;

/// <summary>
/// Drops the query string of every URL an HTTP dependency or request item carries. Clover's file links
/// are pre-signed in their query (whoever holds one can download the merchant's data for 24 h), and a
/// function key may come as <c>?code=</c>; neither belongs in telemetry. Scheme, host and path stay,
/// which is what an operator needs to see where a call went.
/// </summary>
public sealed class UrlQueryRedactingInitializer : ITelemetryInitializer
{
    public void Initialize(ITelemetry telemetry)
    {
        switch (telemetry)
        {
            case DependencyTelemetry dependency:
                dependency.Data = WithoutQuery(dependency.Data);
                dependency.Name = WithoutQuery(dependency.Name);
                break;
            case RequestTelemetry { Url: { IsAbsoluteUri: true, Query.Length: > 0 } url } request:
                request.Url = new Uri(url.GetLeftPart(UriPartial.Path));
                break;
        }
    }

    internal static string WithoutQuery(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text ?? string.Empty;
        }

        var query = text.IndexOf('?', StringComparison.Ordinal);
        return query < 0 ? text : text[..query];
    }
}

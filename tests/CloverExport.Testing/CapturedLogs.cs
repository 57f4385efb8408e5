using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace CloverExport.Testing;

/// <summary>
/// Every log entry of a service provider kept by a <see cref="FakeLoggerProvider"/>, and rendered as
/// one line each (level, category, message, structured values, scopes, exception) so that tests can
/// match messages and scan everything that was logged for secrets.
/// </summary>
public static class CapturedLogs
{
    /// <summary>Sends every entry from <paramref name="minimum"/> up to <paramref name="logs"/> (one provider may serve several service providers).</summary>
    public static IServiceCollection AddCapturedLogs(this IServiceCollection services, FakeLoggerProvider logs, LogLevel minimum = LogLevel.Trace) =>
        services.AddLogging(builder => builder.AddProvider(logs).SetMinimumLevel(minimum));

    /// <summary>One line per entry, oldest first: <c>{Level} {Category}: {Message} | {values} | {scopes} | {exception}</c>.</summary>
    public static IReadOnlyList<string> Lines(this FakeLoggerProvider logs) => [.. logs.Collector.GetSnapshot().Select(Line)];

    public static string AllText(this FakeLoggerProvider logs) => string.Join('\n', logs.Lines());

    private static string Line(FakeLogRecord record)
    {
        var scopes = string.Join("; ", record.Scopes.Select(scope => $"{scope} ({Values(scope)})"));
        return $"{record.Level} {record.Category}: {record.Message} | {Values(record.State)} | {Values(record.StructuredState)} | {scopes} | {record.Exception}";
    }

    // Each value in full, lists item by item: a structured sink (an OpenTelemetry exporter) exports
    // the values, not only what their ToString() shows, so a secret inside a list must be seen too.
    private static string Values(object? state) =>
        state is IEnumerable<KeyValuePair<string, object?>> values ? string.Join("; ", values.Select(v => $"{v.Key}={Value(v.Value)}")) : string.Empty;

    private static string? Value(object? value) => value is System.Collections.IEnumerable items and not string
        ? "[" + string.Join(", ", items.Cast<object?>().Select(Value)) + "]"
        : value?.ToString();
}

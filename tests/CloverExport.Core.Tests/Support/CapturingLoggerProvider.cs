using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CloverExport.Core.Tests.Support;

/// <summary>Keeps every log entry at every level: message, structured values, scopes and exceptions.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> entries = new();

    public IReadOnlyList<string> Entries => [.. entries];

    public string AllText => string.Join("\n", entries);

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private static string Describe(object? state) => state switch
    {
        IEnumerable<KeyValuePair<string, object?>> values => string.Join("; ", values.Select(v => $"{v.Key}={v.Value}")),
        _ => state?.ToString() ?? "",
    };

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable BeginScope<TState>(TState state)
            where TState : notnull
        {
            provider.entries.Enqueue($"{category} scope: {state} | {Describe(state)}");
            return new Scope();
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            provider.entries.Enqueue($"{category} {logLevel}: {formatter(state, exception)} | {Describe(state)} | {exception}");

        private sealed class Scope : IDisposable
        {
            public void Dispose()
            {
            }
        }
    }
}

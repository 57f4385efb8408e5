using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace CloverExport.Core.Clover;

/// <summary>
/// <c>Clover:AllowedFileHosts</c>: hosts (optionally with a port) whose file URLs may be plain http
/// or resolve to loopback/private addresses. Meant for the emulator on a developer machine.
/// </summary>
internal sealed class FileHostAllowList
{
    public static readonly FileHostAllowList Empty = new([]);

    private readonly IReadOnlyList<(string Host, int? Port)> entries;

    private FileHostAllowList(IReadOnlyList<(string Host, int? Port)> entries) => this.entries = entries;

    public bool IsEmpty => entries.Count == 0;

    public bool Allows(string host, int port)
    {
        var normalized = NormalizeHost(host);
        return entries.Any(e => e.Host == normalized && (e.Port is null || e.Port == port));
    }

    public static FileHostAllowList Parse(string? value) =>
        TryParse(value, out var list, out var error) ? list : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out FileHostAllowList? list, [NotNullWhen(false)] out string? error)
    {
        var entries = new List<(string, int?)>();
        foreach (var entry in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!TryParseEntry(entry, out var host, out var port))
            {
                list = null;
                error = $"'{entry}' is not a host or host:port.";
                return false;
            }

            entries.Add((host, port));
        }

        list = entries.Count == 0 ? Empty : new FileHostAllowList(entries);
        error = null;
        return true;
    }

    /// <summary>Lower case, without the brackets of an IPv6 literal, so URL hosts and socket hosts compare equal.</summary>
    public static string NormalizeHost(string host) => host.Trim('[', ']').ToLowerInvariant();

    private static bool TryParseEntry(string entry, out string host, out int? port)
    {
        host = entry;
        port = null;
        string? portText = null;
        if (entry.StartsWith('['))
        {
            var close = entry.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = entry[1..close];
            var rest = entry[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':'))
                {
                    return false;
                }

                portText = rest[1..];
            }
        }
        else if (entry.Count(c => c == ':') == 1)
        {
            var colon = entry.IndexOf(':', StringComparison.Ordinal);
            host = entry[..colon];
            portText = entry[(colon + 1)..];
        }

        if (portText is not null)
        {
            if (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed is < 1 or > 65535)
            {
                return false;
            }

            port = parsed;
        }

        host = NormalizeHost(host);
        return Uri.CheckHostName(host) != UriHostNameType.Unknown;
    }
}

using System.CommandLine;
using CloverExport.Core.Merchants;
using CloverExport.Core.Planning;

namespace CloverExport.Cli.Commands;

/// <summary>
/// The arguments several commands take, read and checked one way: a merchant id, and a range of whole
/// UTC days with both ends inclusive (the convention the HTTP API shares, <see cref="ExportDays"/>).
/// A bad value is a <see cref="CliException"/> naming the option.
/// </summary>
internal static class CommandArguments
{
    /// <summary>The id as Clover writes it (upper case); <paramref name="option"/> names it in the error.</summary>
    public static string MerchantId(string raw, string option = "--merchant")
    {
        var id = raw.Trim().ToUpperInvariant();
        return MerchantIds.IsValid(id)
            ? id
            : throw new CliException($"{option} '{raw}' is not a Clover merchant id ({MerchantIds.Length} letters or digits).");
    }

    public static string? OptionalMerchantId(string? raw) => raw is null ? null : MerchantId(raw);

    /// <summary>The days as bounds: the first instant of <paramref name="from"/>, the last of <paramref name="to"/>.</summary>
    public static (DateTimeOffset? Start, DateTimeOffset? End) Days(DateOnly? from, DateOnly? to)
    {
        if (from is { } f && to is { } t && f > t)
        {
            throw new CliException($"--from {ExportDays.Text(f)} is after --to {ExportDays.Text(t)}.");
        }

        return (from is { } first ? ExportDays.StartOf(first) : null, to is { } last ? ExportDays.EndOf(last) : null);
    }
}

/// <summary>A command's <c>--from</c> and <c>--to</c> days, with what they mean for that command.</summary>
internal sealed class DayRangeOptions(string fromDescription, string toDescription)
{
    public Option<DateOnly?> From { get; } = new("--from") { Description = fromDescription };

    public Option<DateOnly?> To { get; } = new("--to") { Description = toDescription };

    public (DateTimeOffset? Start, DateTimeOffset? End) Read(ParseResult parse) =>
        CommandArguments.Days(parse.GetValue(From), parse.GetValue(To));
}

using System.Text.RegularExpressions;

namespace CloverExport.Cli;

/// <summary>Tokens never come from the command line: it ends up in shell history and process lists.</summary>
internal static partial class CommandLineSecrets
{
    /// <summary>Throws when any argument sets a merchant token (<c>--Merchants:0:Token</c>, <c>Merchants__0__Token=...</c>, any case).</summary>
    public static void RefuseTokens(IEnumerable<string> args)
    {
        foreach (var arg in args)
        {
            var match = TokenSetting().Match(arg);
            if (match.Success)
            {
                var index = match.Groups["index"].Value;
                throw new CliException(
                    $"Refusing a merchant token on the command line (it would land in shell history and process lists); " +
                    $"set the environment variable Merchants__{index}__Token instead.");
            }

            if (OAuthTokenVariable().Match(arg) is { Success: true } oauth)
            {
                throw new CliException(
                    $"Refusing a Clover token on the command line (it would land in shell history and process lists); " +
                    $"set the environment variable {oauth.Groups["name"].Value.ToUpperInvariant()} or use 'merchants add --tokens-stdin'.");
            }
        }
    }

    [GeneratedRegex(@"^(--|-|/)?(?<name>CLOVER_(ACCESS|REFRESH)_TOKEN)(=|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OAuthTokenVariable();

    [GeneratedRegex(@"^(--|-|/)?Merchants(:|__)(?<index>\d+)(:|__)Token(=|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TokenSetting();
}

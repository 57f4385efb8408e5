using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using CloverExport.Core.Clover;
using CloverExport.Core.Configuration;
using CloverExport.Core.Merchants;
using CloverExport.Core.Tokens;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CloverExport.Cli.Commands;

/// <summary>
/// <c>merchants add|list|disable</c>: onboarding over the same stores as the Functions app's <c>merchants</c> API.
/// Tokens come from the environment (<see cref="AccessTokenVariable"/>, <see cref="RefreshTokenVariable"/>) or, with
/// <c>--tokens-stdin</c>, as a JSON object on standard input; never from arguments, never printed.
/// </summary>
internal static class MerchantsCommand
{
    public const string AccessTokenVariable = "CLOVER_ACCESS_TOKEN";
    public const string RefreshTokenVariable = "CLOVER_REFRESH_TOKEN";

    /// <summary>Standard input for <c>--tokens-stdin</c> (tests replace it).</summary>
    internal static Func<TextReader> Input { get; set; } = () => Console.In;

    public static Command Create(CliContext context) =>
        new("merchants", "Onboard merchants and their Clover tokens (Merchants:Store=Table to add; Key Vault or Tokens:LocalEncryptionKey for tokens).")
        {
            Add(context), List(context), Disable(context),
        };

    private static Command Add(CliContext context)
    {
        var id = new Option<string>("--id") { Description = "Clover merchant id (13 upper-case letters or digits).", Required = true };
        var region = new Option<string>("--region") { Description = "us, eu, la or sandbox.", Required = true };
        var name = new Option<string?>("--display-name") { Description = "A name for people." };
        var types = new Option<string?>("--types") { Description = "ORDERS,PAYMENTS (default: Export:Types)." };
        var backfill = new Option<string?>("--backfill-start") { Description = "Oldest data to export, yyyy-MM-dd (default: Export:BackfillStart)." };
        var disabled = new Option<bool>("--disabled") { Description = "Add it without scheduled exports." };
        var accessExpires = new Option<string?>("--access-token-expires-at") { Description = "When the access token expires (ISO 8601); unknown: refreshed after a 401." };
        var refreshExpires = new Option<string?>("--refresh-token-expires-at") { Description = "When the refresh token expires (ISO 8601)." };
        var stdin = new Option<bool>("--tokens-stdin") { Description = "Read {\"accessToken\",\"refreshToken\",...} from standard input instead of the environment." };
        var command = new Command(
            "add",
            $"Add or update a merchant; its tokens from the environment ({AccessTokenVariable}, {RefreshTokenVariable}) or --tokens-stdin, saved to the token store.")
        {
            id, region, name, types, backfill, disabled, accessExpires, refreshExpires, stdin,
        };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = context.ConsoleFor(parse);
            var configuration = context.Configuration(parse);
            var draft = new MerchantDraft(parse.GetValue(id), parse.GetValue(region))
            {
                Types = parse.GetValue(types),
                BackfillStart = ParseDate(parse.GetValue(backfill), "--backfill-start"),
                DisplayName = parse.GetValue(name),
                Enabled = !parse.GetValue(disabled),
            };
            var fromStdin = parse.GetValue(stdin);
            var grant = fromStdin
                ? await ReadStdinAsync(cancellationToken)
                : FromEnvironment(configuration, ParseDate(parse.GetValue(accessExpires), "--access-token-expires-at"), ParseDate(parse.GetValue(refreshExpires), "--refresh-token-expires-at"));

            using var services = Services(configuration);
            MerchantEntry entry;
            try
            {
                entry = await services.GetRequiredService<MerchantOnboarding>().SaveAsync(draft, grant, cancellationToken);
            }
            catch (MerchantFieldException ex)
            {
                throw new CliException(string.Join(" ", ex.Errors.Select(e => Usage(e.Key, e.Value, parse.GetValue(backfill), draft, fromStdin))));
            }

            console.Out.WriteLine($"saved {entry.Info.Id}: {Describe(entry)}; tokens {(grant is null ? "unchanged" : "saved")}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command List(CliContext context)
    {
        var command = new Command("list", "Every merchant with region, enabled flag, types and status (healthy, needs re-auth, failing) with the last error.")
        {
            TreatUnmatchedTokensAsErrors = false,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = context.ConsoleFor(parse);
            using var services = Services(context.Configuration(parse));
            var entries = await services.GetRequiredService<MerchantOnboarding>().ListAsync(cancellationToken);
            foreach (var entry in entries)
            {
                console.Out.WriteLine($"{entry.Info.Id} {Describe(entry)}");
            }

            console.Out.WriteLine($"{entries.Count} merchants");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Disable(CliContext context)
    {
        var id = new Argument<string>("merchant-id") { Description = "The merchant to stop exporting on schedule." };
        var command = new Command("disable", "Turn off a merchant's scheduled exports (Merchants:Store=Table).") { id };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var console = context.ConsoleFor(parse);
            var merchantId = parse.GetValue(id)!.Trim();
            using var services = Services(context.Configuration(parse));
            if (!await Run(() => services.GetRequiredService<MerchantOnboarding>().DisableAsync(merchantId, cancellationToken)))
            {
                throw new CliException($"Merchant '{merchantId}' is not in the merchant store.", ExitCodes.Failure);
            }

            console.Out.WriteLine($"disabled {merchantId}");
            return ExitCodes.Success;
        });
        return command;
    }

    private static ServiceProvider Services(IConfiguration configuration) =>
        new ServiceCollection().AddLogging().AddCloverExportPipeline(configuration).BuildServiceProvider();

    /// <summary>A refused field as a usage error naming the option (or variable) it came from, with its value unless it is a token.</summary>
    private static string Usage(MerchantField field, string message, string? backfill, MerchantDraft draft, bool fromStdin)
    {
        var (name, value) = field switch
        {
            MerchantField.Id => ("--id", draft.Id?.Trim()),
            MerchantField.Region => ("--region", draft.Region?.Trim()),
            MerchantField.Types => ("--types", null),
            MerchantField.BackfillStart => ("--backfill-start", backfill),
            MerchantField.AccessToken => (fromStdin ? "--tokens-stdin accessToken" : AccessTokenVariable, null),
            MerchantField.RefreshToken => (fromStdin ? "--tokens-stdin refreshToken" : RefreshTokenVariable, null),
            MerchantField.Tokens => (fromStdin ? "--tokens-stdin tokens" : $"{RefreshTokenVariable}/{AccessTokenVariable}", null),
            _ => (field.ToString(), null),
        };
        return value is { Length: > 0 } ? $"{name} '{value}' {message}" : $"{name} {message}";
    }

    /// <summary>Refusals of disable (malformed id, read-only store) as one-line usage errors.</summary>
    private static async Task<T> Run<T>(Func<Task<T>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            throw new CliException(ex.Message);
        }
    }

    private static string Describe(MerchantEntry entry) =>
        string.Create(CultureInfo.InvariantCulture, $"region={entry.Info.Region} enabled={entry.Info.Enabled.ToString().ToLowerInvariant()} ") +
        $"types={(entry.Info.Types.Count > 0 ? string.Join(',', entry.Info.Types.Select(t => t.ToWireName())) : "default")} " +
        $"status={entry.Status.Health}" +
        (entry.Status.ChangedAt is { } at ? string.Create(CultureInfo.InvariantCulture, $" since={at:u}") : "") +
        (entry.Info.DisplayName is { } display ? $" name=\"{display}\"" : "") +
        (entry.Status.LastError is { } error ? $" error=\"{error}\"" : "");

    private static TokenGrant? FromEnvironment(IConfiguration configuration, DateTimeOffset? accessExpires, DateTimeOffset? refreshExpires)
    {
        var (access, refresh) = (NullIfBlank(configuration[AccessTokenVariable]), NullIfBlank(configuration[RefreshTokenVariable]));
        return access is null && refresh is null
            ? null
            : new TokenGrant { AccessToken = access, AccessTokenExpiresAt = access is null ? null : accessExpires, RefreshToken = refresh, RefreshTokenExpiresAt = refreshExpires };
    }

    private static async Task<TokenGrant> ReadStdinAsync(CancellationToken cancellationToken)
    {
        var text = await Input().ReadToEndAsync(cancellationToken);
        try
        {
            var tokens = JsonSerializer.Deserialize<StdinTokens>(text, StdinJson);
            return tokens is null
                ? throw new CliException("--tokens-stdin expects a JSON object with \"refreshToken\" and/or \"accessToken\".")
                : new TokenGrant
                {
                    AccessToken = NullIfBlank(tokens.AccessToken),
                    AccessTokenExpiresAt = tokens.AccessTokenExpiresAt,
                    RefreshToken = NullIfBlank(tokens.RefreshToken),
                    RefreshTokenExpiresAt = tokens.RefreshTokenExpiresAt,
                };
        }
        catch (JsonException ex)
        {
            // Position only: the message of a JsonException can quote the input.
            throw new CliException($"--tokens-stdin: standard input is not the expected JSON object (at {ex.Path ?? "$"}).");
        }
    }

    private static readonly JsonSerializerOptions StdinJson = new(JsonSerializerDefaults.Web);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static DateTimeOffset? ParseDate(string? value, string option) =>
        value is null ? null
        : DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed) ? parsed
        : throw new CliException($"{option} '{value}' is not a date (yyyy-MM-dd or ISO 8601).");

    /// <summary>The stdin object; a class so a ToString cannot print the tokens.</summary>
    private sealed class StdinTokens
    {
        public string? AccessToken { get; init; }

        public DateTimeOffset? AccessTokenExpiresAt { get; init; }

        public string? RefreshToken { get; init; }

        public DateTimeOffset? RefreshTokenExpiresAt { get; init; }
    }
}

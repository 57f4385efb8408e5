using Microsoft.Extensions.Configuration;

namespace CloverExport.Cli;

/// <summary>
/// The CLI's settings, with the same names as the Functions app: appsettings.json in the current
/// folder, then environment variables (<c>Storage__Container</c>), then settings passed by the host
/// (the demo, tests), then <c>--Section:Key value</c> arguments.
/// </summary>
internal static class CliConfiguration
{
    /// <summary>Azurite's well-known development connection, used when no storage is configured.</summary>
    public const string DefaultStorageConnectionString = "UseDevelopmentStorage=true";

    public static IConfigurationRoot Build(IReadOnlyList<string> settingArgs, IReadOnlyDictionary<string, string?>? settings)
    {
        var configuration = new ConfigurationManager();
        configuration.SetBasePath(Directory.GetCurrentDirectory());
        configuration.AddJsonFile("appsettings.json", optional: true, reloadOnChange: false);
        configuration.AddEnvironmentVariables();
        if (settings is not null)
        {
            configuration.AddInMemoryCollection(settings);
        }

        configuration.AddCommandLine([.. settingArgs]);
        if (string.IsNullOrWhiteSpace(configuration["Storage:ConnectionString"]) && string.IsNullOrWhiteSpace(configuration["Storage:ServiceUri"]))
        {
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:ConnectionString"] = DefaultStorageConnectionString });
        }

        return configuration;
    }

    /// <summary>
    /// Checks the arguments the command did not recognise: each must be a setting
    /// (<c>--Section:Key value</c> or <c>--Section:Key=value</c>); anything else is a typo worth an error.
    /// </summary>
    public static IReadOnlyList<string> ValidateSettingArgs(IReadOnlyList<string> unmatched)
    {
        for (var i = 0; i < unmatched.Count; i++)
        {
            var token = unmatched[i];
            var key = token.Split('=', 2)[0];
            if (!key.StartsWith("--", StringComparison.Ordinal) || !key.Contains(':', StringComparison.Ordinal) || key.Length < 4)
            {
                throw new CliException($"Unrecognized argument '{token}'. Settings are passed as --Section:Key value (e.g. --Export:Types ORDERS).");
            }

            if (!token.Contains('=', StringComparison.Ordinal))
            {
                if (i + 1 >= unmatched.Count || unmatched[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new CliException($"The setting '{key}' needs a value: {key} VALUE or {key}=VALUE.");
                }

                i++;
            }
        }

        return unmatched;
    }
}

using CloverExport.Emulator;

// Console host: options from appsettings.json, Emulator__* environment variables and --Emulator:* arguments.
// `--urls http://127.0.0.1:PORT` picks the API address; it is taken out of the arguments because the
// emulator binds its two ports itself (Kestrel would otherwise warn that it overrides the urls).
var (urls, otherArgs) = TakeUrls(args);
var builder = WebApplication.CreateBuilder(otherArgs);
var options = builder.Configuration.GetSection(EmulatorOptions.SectionName).Get<EmulatorOptions>() ?? new EmulatorOptions();
if (urls is not null)
{
    var api = new Uri(urls.Split(';')[0].Replace("localhost", "127.0.0.1", StringComparison.Ordinal));
    options.ListenAddress = api.Host;
    options.ApiPort = api.Port;
}

await using var host = await CloverEmulatorHost.StartAsync(builder, options, CancellationToken.None);
host.Logger.LogInformation(
    "Clover emulator: API {ApiBaseUrl}, files {FileBaseUrl}, {MerchantCount} merchants",
    host.ApiBaseUrl, host.FileBaseUrl, options.Merchants.Count);
await host.WaitForShutdownAsync();

static (string? Urls, string[] OtherArgs) TakeUrls(string[] args)
{
    string? urls = null;
    var rest = new List<string>();
    for (var i = 0; i < args.Length; i++)
    {
        if (args[i] is "--urls" && i + 1 < args.Length)
        {
            urls = args[++i];
        }
        else if (args[i].StartsWith("--urls=", StringComparison.Ordinal))
        {
            urls = args[i]["--urls=".Length..];
        }
        else
        {
            rest.Add(args[i]);
        }
    }

    return (urls, rest.ToArray());
}

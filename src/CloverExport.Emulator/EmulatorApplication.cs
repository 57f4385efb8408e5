using System.Net;
using CloverExport.Emulator.Admin;
using CloverExport.Emulator.Api;
using CloverExport.Emulator.Files;
using CloverExport.Emulator.State;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CloverExport.Emulator;

/// <summary>Wires the emulator into a WebApplication: Kestrel ports, services, middleware, routes.</summary>
internal static class EmulatorApplication
{
    /// <summary>Builds the app; <paramref name="listeners"/> receives the API and (optional) file listen options once Kestrel is configured.</summary>
    public static WebApplication Build(WebApplicationBuilder builder, EmulatorOptions options, EmulatorListeners listeners)
    {
        var state = new EmulatorState(options);
        var address = IPAddress.Parse(options.ListenAddress);

        // Never let ASP.NET log request lines: a legacy client puts its token in ?access_token=.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(address, options.ApiPort, listen => listeners.Api = listen);
            if (options.SeparateFileHost)
            {
                kestrel.Listen(address, options.FilePort, listen => listeners.Files = listen);
            }
        });
        builder.Services.AddSingleton(state);

        var app = builder.Build();
        app.Use((http, next) => SeparatePortsAsync(http, next, state));
        app.UseRouting();
        app.Use((http, next) => CountAsync(http, next, state));
        ExportEndpoints.Map(app);
        FileEndpoints.Map(app);
        AdminEndpoints.Map(app);
        return app;
    }

    /// <summary>With a separate file host, files are served only on its port and the API only on the other.</summary>
    private static Task SeparatePortsAsync(HttpContext http, RequestDelegate next, EmulatorState state)
    {
        if (state.SeparateFilePort != 0)
        {
            var onFilePort = http.Connection.LocalPort == state.SeparateFilePort;
            var isFile = http.Request.Path.StartsWithSegments("/files", StringComparison.Ordinal);
            if (onFilePort != isFile)
            {
                http.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }
        }

        return next(http);
    }

    private static async Task CountAsync(HttpContext http, RequestDelegate next, EmulatorState state)
    {
        var pattern = (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText;
        try
        {
            await next(http);
        }
        finally
        {
            if (pattern is null || !pattern.StartsWith(AdminEndpoints.Prefix, StringComparison.Ordinal))
            {
                state.Counters.Request($"{http.Request.Method} {pattern ?? "(unmatched)"}", http.Response.StatusCode);
            }
        }
    }
}

/// <summary>Kestrel's listen options, captured so the bound (possibly OS-chosen) ports can be read after start.</summary>
internal sealed class EmulatorListeners
{
    public ListenOptions? Api { get; set; }

    public ListenOptions? Files { get; set; }
}

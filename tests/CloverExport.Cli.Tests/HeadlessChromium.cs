using System.Diagnostics;

namespace CloverExport.Cli.Tests;

/// <summary>The Debian <c>chromium</c> package run headless: a page's DOM after load, and a screenshot. .ci/run installs it.</summary>
public static class HeadlessChromium
{
    public static async Task<string> DumpDomAsync(string htmlFile) =>
        await RunAsync(["--dump-dom", new Uri(htmlFile).AbsoluteUri]);

    public static async Task<Png> ScreenshotAsync(string htmlFile, int width, int height)
    {
        var png = Path.Combine(Path.GetDirectoryName(htmlFile)!, Path.GetFileNameWithoutExtension(htmlFile) + ".png");
        await RunAsync([$"--screenshot={png}", $"--window-size={width},{height}", new Uri(htmlFile).AbsoluteUri]);
        return Png.Read(await File.ReadAllBytesAsync(png));
    }

    private static async Task<string> RunAsync(IEnumerable<string> args)
    {
        var profile = Directory.CreateTempSubdirectory("chromium-").FullName;
        var start = new ProcessStartInfo("chromium")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--force-device-scale-factor=1", "--no-first-run", $"--user-data-dir={profile}" }.Concat(args))
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start; install the Debian package 'chromium'.");
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 90 s: " + await error);
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"chromium exited with {process.ExitCode}: {await error}");
        }

        Directory.Delete(profile, recursive: true);
        return await output;
    }
}

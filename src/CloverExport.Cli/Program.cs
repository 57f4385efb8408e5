using CloverExport.Cli;

// First Ctrl+C asks for a clean stop (no new work, engine stopped); a second one ends the process.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
};

return await CliApp.RunAsync(args, CliConsole.CreateSystem(), stop.Token);

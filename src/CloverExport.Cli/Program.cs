using System.Runtime.InteropServices;
using CloverExport.Cli;

// Ctrl+C (and SIGTERM) asks for a clean stop: no new work, engine stopped, summary printed.
// A second Ctrl+C ends the process at once.
using var stop = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = !stop.IsCancellationRequested;
    stop.Cancel();
}

using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

return await CliApp.RunAsync(args, CliConsole.CreateSystem(), stop.Token);

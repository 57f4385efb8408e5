using CloverExport.Benchmarks;

// The engine's gRPC sidecar builds its own default host, which logs every request at Information.
Environment.SetEnvironmentVariable("Logging__LogLevel__Default", "Warning");

BenchArguments arguments;
try
{
    arguments = BenchArguments.Parse(args);
}
catch (ArgumentException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    await Console.Error.WriteLineAsync(BenchArguments.Usage);
    return 2;
}

if (arguments.EngineProbe)
{
    // Child process of the engine benchmark: measures under this process's DOTNET_PROCESSOR_COUNT.
    await EngineProbe.RunAsync(arguments.Quick);
    return 0;
}

var machine = MachineInfo.Read();
var sections = new List<ReportSection>();
if (arguments.Runs(BenchArguments.Copy))
{
    sections.Add(await new CopyBenchmark(arguments.Quick).RunAsync());
}

if (arguments.Runs(BenchArguments.Backfill))
{
    sections.Add(await new BackfillBenchmark(arguments.Quick).RunAsync());
}

if (arguments.Runs(BenchArguments.Scale))
{
    sections.Add(await new ScaleBenchmark(arguments.Quick).RunAsync());
}

if (arguments.Runs(BenchArguments.Engine))
{
    sections.Add(await new EngineBenchmark(arguments.Quick).RunAsync());
}

if (arguments.Runs(BenchArguments.Fleet))
{
    sections.Add(await new FleetBenchmark(arguments.Quick, arguments.FleetMerchants).RunAsync());
}

var report = BenchReport.Render(machine, arguments, sections);
Console.WriteLine(report);
if (arguments.Output is { } output)
{
    BenchReport.Write(output, report, partial: arguments.Only.Count > 0);
    await Console.Error.WriteLineAsync($"Report written to {output}");
}

return 0;

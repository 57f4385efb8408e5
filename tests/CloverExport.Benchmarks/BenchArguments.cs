namespace CloverExport.Benchmarks;

/// <summary>Command line of the benchmark runner (see <c>./bench.sh --help</c>).</summary>
/// <param name="FleetMerchants">The fleet benchmark's merchant count, when not its default (to try a smaller fleet).</param>
internal sealed record BenchArguments(bool Quick, IReadOnlySet<string> Only, string? Output, bool EngineProbe, string CommandLine, int? FleetMerchants = null)
{
    public const string Copy = "copy";
    public const string Backfill = "backfill";
    public const string Scale = "scale";
    public const string Engine = "engine";
    public const string Fleet = "fleet";

    public static readonly IReadOnlyList<string> All = [Copy, Backfill, Scale, Engine, Fleet];

    public const string Usage = """
        usage: ./bench.sh [--quick] [--only copy,backfill,scale,engine,fleet] [--fleet-merchants N] [--output FILE | --no-write]
          --quick     CI-sized smoke run: small files, short ranges, 50 merchants (10 in the fleet; a few minutes)
          --only      run a subset (comma list, or repeat the option)
          --fleet-merchants N  merchants in the fleet benchmark (default 200; 10 with --quick)
          --output    where the report goes (default docs/benchmarks.md in the repository)
          --no-write  print the report only
        """;

    public bool Runs(string name) => Only.Count == 0 || Only.Contains(name);

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a message for the user.</summary>
    public static BenchArguments Parse(IReadOnlyList<string> args)
    {
        var quick = false;
        var probe = false;
        var noWrite = false;
        string? output = null;
        int? fleetMerchants = null;
        var only = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--quick":
                    quick = true;
                    break;
                case "--engine-probe":
                    probe = true;
                    break;
                case "--no-write":
                    noWrite = true;
                    break;
                case "--fleet-merchants" when i + 1 < args.Count:
                    fleetMerchants = int.TryParse(args[++i], System.Globalization.CultureInfo.InvariantCulture, out var n) && n is > 0 and <= 5000
                        ? n
                        : throw new ArgumentException($"--fleet-merchants takes a whole number from 1 to 5000, not '{args[i]}'.");
                    break;
                case "--output" when i + 1 < args.Count:
                    output = args[++i];
                    break;
                case "--only" when i + 1 < args.Count:
                    foreach (var name in args[++i].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                    {
                        if (!All.Contains(name, StringComparer.OrdinalIgnoreCase))
                        {
                            throw new ArgumentException($"Unknown benchmark '{name}'; choose from {string.Join(", ", All)}.");
                        }

                        only.Add(name.ToLowerInvariant());
                    }

                    break;
                default:
                    throw new ArgumentException($"Unknown or incomplete option '{args[i]}'.");
            }
        }

        var line = "./bench.sh" + (args.Count == 0 ? string.Empty : " " + string.Join(' ', args.Where(a => a != "--engine-probe")));
        return new BenchArguments(quick, only, noWrite ? null : output ?? Path.Combine(RepoPaths.Root, "docs", "benchmarks.md"), probe, line, fleetMerchants);
    }
}

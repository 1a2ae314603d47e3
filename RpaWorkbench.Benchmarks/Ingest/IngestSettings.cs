namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// Options of <c>-- ingest</c>: <c>--rounds</c> (each round loads trivial, bare ceiling and Workbench in turn),
/// <c>--seconds</c> of measured load per phase, <c>--warmup</c> seconds before it, <c>--connections</c> for the
/// closed-loop load, <c>--rate</c> of the paced load (requests per second), <c>--only</c> a comma-separated subset of
/// targets (trivial, ceiling, indexed, workbench) for quick comparisons while tuning, <c>--provider</c> Sqlite (default)
/// or PostgreSQL for the Workbench's and the bare inserts' database, <c>--without-filter-index</c> a comma-separated list
/// of the logs page's filter indexes (account, app, status) to drop from the Workbench's database, to measure what each
/// costs the ingest (the figures are then reported, not judged against the targets).
/// </summary>
public sealed record IngestSettings(int Rounds = 3, int Seconds = 10, int WarmupSeconds = 2, int Connections = 64, int Rate = 2000)
{
    public static readonly IReadOnlyList<string> TargetKeys = ["trivial", "ceiling", "indexed", "workbench"];

    /// <summary>The execution-log column each filter index leads with, by the name <c>--without-filter-index</c> takes.</summary>
    public static readonly IReadOnlyDictionary<string, string> FilterIndexColumns = new Dictionary<string, string>
    {
        ["account"] = "ShadowBotAccount",
        ["app"] = "AppName",
        ["status"] = "Status",
    };

    public IReadOnlyList<string> Only { get; init; } = TargetKeys;

    public DatabaseProvider Provider { get; init; } = DatabaseProvider.Sqlite;

    /// <summary>Columns (<see cref="FilterIndexColumns"/>) whose filter index the Workbench's database is run without.</summary>
    public IReadOnlyList<string> WithoutFilterIndexes { get; init; } = [];

    public TimeSpan Duration => TimeSpan.FromSeconds(Seconds);

    public TimeSpan Warmup => TimeSpan.FromSeconds(WarmupSeconds);

    public static IngestSettings Parse(IReadOnlyList<string> args)
    {
        var settings = new IngestSettings();
        for (var i = 0; i < args.Count; i += 2)
        {
            if (args[i] == "--only")
            {
                settings = settings with { Only = ParseTargets(i + 1 < args.Count ? args[i + 1] : "") };
                continue;
            }

            if (args[i] == "--without-filter-index")
            {
                settings = settings with { WithoutFilterIndexes = ParseFilterIndexes(i + 1 < args.Count ? args[i + 1] : "") };
                continue;
            }

            if (args[i] == "--provider")
            {
                settings = settings with { Provider = ParseProvider(i + 1 < args.Count ? args[i + 1] : "") };
                continue;
            }

            var value = i + 1 < args.Count && int.TryParse(args[i + 1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
                ? n
                : throw new ArgumentException($"'{args[i]}' needs a positive whole number after it.");
            settings = args[i] switch
            {
                "--rounds" => settings with { Rounds = value },
                "--seconds" => settings with { Seconds = value },
                "--warmup" => settings with { WarmupSeconds = value },
                "--connections" => settings with { Connections = value },
                "--rate" => settings with { Rate = value },
                _ => throw new ArgumentException($"Unknown option '{args[i]}'. Options: --rounds, --seconds, --warmup, --connections, --rate, --only, --provider, --without-filter-index."),
            };
        }

        return settings;
    }

    private static DatabaseProvider ParseProvider(string name) =>
        Enum.TryParse<DatabaseProvider>(name, ignoreCase: true, out var provider) && Enum.IsDefined(provider)
            ? provider
            : throw new ArgumentException($"'--provider' needs {DatabaseProvider.Sqlite} or {DatabaseProvider.PostgreSQL}.");

    private static string[] ParseTargets(string list) => ParseList("--only", list, TargetKeys);

    private static string[] ParseFilterIndexes(string list) =>
        [.. ParseList("--without-filter-index", list, [.. FilterIndexColumns.Keys]).Distinct().Select(key => FilterIndexColumns[key])];

    private static string[] ParseList(string option, string list, IReadOnlyList<string> known)
    {
        var keys = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return keys.Length > 0 && keys.All(known.Contains)
            ? keys
            : throw new ArgumentException($"'{option}' needs a comma-separated list of: {string.Join(", ", known)}.");
    }
}

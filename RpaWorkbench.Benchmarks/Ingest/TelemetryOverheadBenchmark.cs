using System.Security.Cryptography;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Benchmarks.Logs;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Shared;
using RpaWorkbench.Web.Infrastructure.Telemetry;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// <c>-- telemetry</c>: what OpenTelemetry costs the webhook ingest (issue 27's target: telemetry on within 5 % of off,
/// same run). Two Workbench processes, as <c>-- ingest</c> starts them, each on its own SQLite file seeded with the same
/// fleet, take the same load (<see cref="IngestRunner"/>: warm-up until CPU per request settles, then per round a
/// closed-loop and a paced run): <see cref="Off"/> with <c>Workbench:Telemetry:Enabled=false</c>, and <see cref="On"/>
/// with traces sampled at 1 %, metrics served on <c>/metrics</c>, and the traces exported over OTLP/HTTP to an <see cref="OtlpSink"/> on
/// loopback. The two swap places every round. After each round <c>/metrics</c> is scraped once with an admin key and
/// the sink's counts are printed, to show the telemetry was really collected and sent. Takes the ingest's
/// <c>--rounds</c>, <c>--seconds</c>, <c>--warmup</c>, <c>--connections</c> and <c>--rate</c>, and <c>--on KEY=VALUE</c>
/// (repeatable) to change one of the telemetry-on server's settings (<c>KEY=</c> removes it), to tell which part costs
/// what; exits 1 if a check failed.
/// </summary>
public static class TelemetryOverheadBenchmark
{
    public const string Command = "telemetry";
    public const string Off = "telemetry off";
    public const string On = "telemetry on";
    public const double TraceSamplingRatio = 0.01;

    public static async Task<int> RunAsync(string[] args)
    {
        IngestSettings settings;
        Dictionary<string, string> onSettings;
        try
        {
            (onSettings, var rest) = OnSettings(args);
            // Unless told: ten rounds of 5 s, an even number so both orders weigh alike (see RatioEstimate), each target
            // loaded for 6 s before it is measured, which took an A/A run's lean by order from ~10 % to ~1 %.
            settings = IngestSettings.Parse(["--rounds", "10", "--seconds", "5", "--warmup", "6", .. rest]);
            if (settings.Provider != DatabaseProvider.Sqlite || settings.WithoutFilterIndexes.Count > 0 || settings.Only != IngestSettings.TargetKeys)
            {
                throw new ArgumentException($"'-- {Command}' takes --rounds, --seconds, --warmup, --connections, --rate and --on KEY=VALUE; it runs on SQLite with the full schema.");
            }
        }
        catch (ArgumentException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return 2;
        }

        var cancellationToken = ConsoleCancellation.Token;
        var machine = await MachineReport.CaptureAsync(cancellationToken);
        using var httpLoad = new HttpLoad();
        var closedLoad = (IClosedLoad?)await WrkLoad.FindAsync(cancellationToken) ?? httpLoad;
        var apiKey = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(17));
        var password = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9));

        Console.WriteLine("Preparing the databases, the OTLP sink and the two Workbench servers…");
        // Declared first, so they go last: after the servers that write to them.
        await using var sink = await OtlpSink.StartAsync(cancellationToken);
        await using var offDatabase = await SeededDatabaseAsync(cancellationToken);
        await using var onDatabase = await SeededDatabaseAsync(cancellationToken);
        // The same settings for both but telemetry; the admin exists to own the key that scrapes /metrics.
        string[] common = ["--Workbench:Bootstrap:AdminUser", "admin", "--Workbench:Bootstrap:AdminPassword", password];
        await using var offServer = await IngestBenchmark.StartWorkbenchAsync(offDatabase, apiKey, cancellationToken,
            [.. common, "--Workbench:Telemetry:Enabled", "false"]);
        onSettings.TryAdd("Workbench:Telemetry:OtlpEndpoint", sink.BaseAddress.ToString());
        Console.WriteLine($"{On}: {string.Join(", ", onSettings.Where(s => s.Value.Length > 0).Select(s => $"{s.Key}={s.Value}"))}");
        await using var onServer = await IngestBenchmark.StartWorkbenchAsync(onDatabase, apiKey, cancellationToken,
            [.. common, .. onSettings.Where(s => s.Value.Length > 0).SelectMany(s => (string[])[$"--{s.Key}", s.Value])]);
        var exporting = onSettings["Workbench:Telemetry:OtlpEndpoint"].Length > 0;
        var expectedSignals = exporting ? ExpectedSignals(onSettings) : [];
        var scraping = bool.TryParse(onSettings.GetValueOrDefault("Workbench:Telemetry:MetricsEndpoint"), out var served) && served;
        var scraper = new MetricsScraper(onServer.BaseAddress, await LogsApiBenchmark.ApiKeyAsync(onDatabase, ApiKeyScopes.Admin, cancellationToken));

        IngestTarget off = new(Off, new LoadTarget(new Uri(offServer.BaseAddress, IngestBenchmark.WebhookPath), apiKey), offServer, offDatabase, null);
        IngestTarget on = new(On, new LoadTarget(new Uri(onServer.BaseAddress, IngestBenchmark.WebhookPath), apiKey), onServer, onDatabase, null);

        // Every load callback completes its run; the Workbench's own verdicts on the seeded fleet's stale runs (timed_out,
        // lost) are logs too, and are not callbacks.
        const string CountCallbackRows = """SELECT COUNT(*) FROM "ExecutionLogs" WHERE "Status" = 'completed';""";
        var seededRows = await onDatabase.ScalarAsync<long>(CountCallbackRows, cancellationToken);
        var countedRight = true;
        var runner = new IngestRunner(settings, closedLoad, httpLoad);
        foreach (var target in (IngestTarget[])[off, on])
        {
            Console.WriteLine($"Warming up {target.Name}…");
            await runner.WarmUpAsync(target, cancellationToken);
        }

        if (scraping)
        {
            var stored = await onDatabase.ScalarAsync<long>(CountCallbackRows, cancellationToken) - seededRows;
            var scrape = await scraper.ScrapeAsync(cancellationToken);
            countedRight &= scrape.Counts(stored);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  after the warm-ups: GET /metrics {scrape.Describe()}; callbacks the {On} server stored {stored:N0} ({(scrape.Counts(stored) ? "counted right" : "COUNTED WRONG")})."));
        }

        var measurements = new List<Measurement>();
        var scrapes = new List<MetricsScrape>();
        for (var round = 1; round <= settings.Rounds; round++)
        {
            foreach (var target in TelemetryOverheadReport.OrderOf(round, off, on))
            {
                var measurement = await runner.MeasureAsync(target, round, cancellationToken);
                measurements.Add(measurement);
                IngestReport.PrintProgress(measurement);
            }

            var scrape = scraping ? await scraper.ScrapeAsync(cancellationToken) : MetricsScrape.NotServed;
            scrapes.Add(scrape);
            var stored = await onDatabase.ScalarAsync<long>(CountCallbackRows, cancellationToken) - seededRows;
            countedRight &= !scraping || scrape.Counts(stored);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  after round {round}: GET /metrics {scrape.Describe()}; callbacks the {On} server stored {stored:N0}" +
                $"{(scraping ? scrape.Counts(stored) ? " (counted right)" : " (COUNTED WRONG)" : "")}; " +
                $"OTLP sink received {OtlpSink.Describe(sink.Received())}."));
        }

        await new IngestReport(settings, closedLoad.Name, machine).PrintAsync(measurements, cancellationToken);
        var exported = TelemetryOverheadReport.Print(measurements, exporting ? sink.Received() : null, expectedSignals, scraping ? scrapes : null);
        IngestReport.PrintServerLog(Off, Path.Combine(offDatabase.Folder, "server.log"));
        IngestReport.PrintServerLog(On, Path.Combine(onDatabase.Folder, "server.log"));
        Console.WriteLine($"Check workbench_webhook_callbacks_total{{outcome=\"stored\"}} = callbacks stored, at every scrape: {(!scraping ? "not scraped" : countedRight ? "ok" : "FAILED")}.");
        return measurements.All(m => m.Verified) && exported && countedRight ? 0 : 1;
    }

    // The OTLP signals the sink must receive: traces and metrics as chosen (all by default). Logs are sent too when chosen,
    // but only records at Information and above, and the ingest writes none; so their absence proves nothing.
    private static string[] ExpectedSignals(Dictionary<string, string> onSettings)
    {
        var chosen = onSettings.TryGetValue("Workbench:Telemetry:OtlpSignals", out var value) && value.Length > 0
            ? Enum.Parse<OtlpSignals>(value, ignoreCase: true)
            : new TelemetryOptions().OtlpSignals;
        return [.. new[] { OtlpSignals.Traces, OtlpSignals.Metrics }.Where(signal => chosen.HasFlag(signal)).Select(TelemetrySetup.OtlpPath)];
    }

    // The telemetry-on server's settings with the --on changes applied (an empty value drops the setting), and the other arguments.
    private static (Dictionary<string, string> On, List<string> Others) OnSettings(string[] args)
    {
        var on = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Workbench:Telemetry:Enabled"] = "true",
            ["Workbench:Telemetry:TraceSamplingRatio"] = TraceSamplingRatio.ToString(CultureInfo.InvariantCulture),
            ["Workbench:Telemetry:MetricsEndpoint"] = "true",
            ["Workbench:Telemetry:OtlpProtocol"] = "HttpProtobuf",
            // As docs/operations.md advises when Prometheus scrapes /metrics: traces over OTLP, metrics not exported twice.
            ["Workbench:Telemetry:OtlpSignals"] = "Traces",
        };
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] != "--on")
            {
                rest.Add(args[i]);
                continue;
            }

            var change = i + 1 < args.Length ? args[++i].Split('=', 2) : [];
            if (change.Length != 2 || change[0].Length == 0)
            {
                throw new ArgumentException("'--on' needs KEY=VALUE (e.g. Workbench:Telemetry:MetricsEndpoint=false), or KEY= to drop a setting.");
            }

            on[change[0]] = change[1];
        }

        return (on, rest);
    }

    private static async Task<BenchmarkDatabase> SeededDatabaseAsync(CancellationToken cancellationToken)
    {
        var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
        await BenchmarkAccountSeeder.SeedAsync(database.Contexts, CallbackPayload.Accounts, DateTime.UtcNow, cancellationToken);
        return database;
    }
}

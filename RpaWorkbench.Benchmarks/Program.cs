using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Benchmarks.Batches;
using RpaWorkbench.Benchmarks.Export;
using RpaWorkbench.Benchmarks.Ingest;
using RpaWorkbench.Benchmarks.Live;
using RpaWorkbench.Benchmarks.Logs;
using RpaWorkbench.Benchmarks.Workflows;
using RpaWorkbench.Shared;

// "ingest" is the webhook load test (a harness, not a BenchmarkDotNet benchmark); it starts this program again as
// its baselines server. "export" (also a harness) is the CSV export of 1,000,000 logs against the sqlite3 shell.
// "writer" is the ingest writer alone, in-process. "wal" is the WAL file's size under a steady load. "live" measures webhook → visible in a browser page. "events" measures webhook → received by 100 event-stream clients. "logs-api" times GET /api/v1/logs over 1,000,000 logs. "batch-upload", "dispatch" and "kill9" are the batches' scale and safety checks. "workflows" runs 1,000 five-step workflow runs at once. "telemetry" is the ingest load with OpenTelemetry off and on (1 % of traces, metrics, OTLP to a loopback sink). "all" runs the harnesses (ingest on PostgreSQL too when it is installed), then every BenchmarkDotNet benchmark. Anything else goes to BenchmarkDotNet.
switch (args.FirstOrDefault())
{
    case IngestBenchmark.Command:
        return await IngestBenchmark.RunAsync(args[1..]);
    case WriterBenchmark.Command:
        return await WriterBenchmark.RunAsync(args[1..]);
    case ExportBenchmark.Command:
        return await ExportBenchmark.RunAsync(args[1..]);
    case WalGrowthBenchmark.Command:
        return await WalGrowthBenchmark.RunAsync(args[1..]);
    case BaselineServer.Command:
        await BaselineServer.RunAsync(args[1..]);
        return 0;
    case LiveLatencyBenchmark.Command:
        return await LiveLatencyBenchmark.RunAsync(ConsoleCancellation.Token);
    case EventStreamFanOutBenchmark.Command:
        return await EventStreamFanOutBenchmark.RunAsync(ConsoleCancellation.Token);
    case LogsApiBenchmark.Command:
        return await LogsApiBenchmark.RunAsync(ConsoleCancellation.Token);
    case BatchUploadBenchmark.Command:
        return await BatchUploadBenchmark.RunAsync(ConsoleCancellation.Token);
    case DispatchBenchmark.Command:
        return await DispatchBenchmark.RunAsync(args[1..], ConsoleCancellation.Token);
    case KillNineBenchmark.Command:
        return await KillNineBenchmark.RunAsync(ConsoleCancellation.Token);
    case WorkflowBenchmark.Command:
        return await WorkflowBenchmark.RunAsync(args[1..], ConsoleCancellation.Token);
    case TelemetryOverheadBenchmark.Command:
        return await TelemetryOverheadBenchmark.RunAsync(args[1..]);
    case "all":
        Console.WriteLine("== Webhook ingest (-- ingest)");
        var ingest = await IngestBenchmark.RunAsync([]);
        Console.WriteLine("== Webhook ingest on PostgreSQL (-- ingest --provider PostgreSQL)");
        var ingestPostgreSql = 0;
        if (ThrowawayPostgresServer.IsInstalled)
        {
            ingestPostgreSql = await IngestBenchmark.RunAsync(["--provider", "PostgreSQL"]);
        }
        else
        {
            Console.WriteLine("Skipped: no PostgreSQL server installed (apt-get install -y postgresql).");
        }

        Console.WriteLine("== Webhook ingest with telemetry off and on (-- telemetry)");
        var telemetry = await TelemetryOverheadBenchmark.RunAsync([]);
        Console.WriteLine("== Ingest writer alone (-- writer)");
        var writer = await WriterBenchmark.RunAsync([]);
        Console.WriteLine("== WAL size under load (-- wal)");
        var wal = await WalGrowthBenchmark.RunAsync([]);
        Console.WriteLine("== CSV export (-- export)");
        var export = await ExportBenchmark.RunAsync([]);
        Console.WriteLine("== Webhook → visible in a page (-- live)");
        var live = await LiveLatencyBenchmark.RunAsync(ConsoleCancellation.Token);
        Console.WriteLine("== Webhook → 100 event-stream clients (-- events)");
        var events = await EventStreamFanOutBenchmark.RunAsync(ConsoleCancellation.Token);
        Console.WriteLine("== GET /api/v1/logs over 1,000,000 logs (-- logs-api)");
        var logsApi = await LogsApiBenchmark.RunAsync(ConsoleCancellation.Token);
        Console.WriteLine("== A 100,000-row sheet checked and enqueued (-- batch-upload)");
        var batchUpload = await BatchUploadBenchmark.RunAsync(ConsoleCancellation.Token);
        Console.WriteLine("== 50 simulated robots kept busy by the dispatch queue (-- dispatch)");
        var dispatch = await DispatchBenchmark.RunAsync([], ConsoleCancellation.Token);
        Console.WriteLine("== kill -9 mid-batch and restart (-- kill9)");
        var killNine = await KillNineBenchmark.RunAsync(ConsoleCancellation.Token);
        Console.WriteLine("== 1,000 concurrent five-step workflow runs (-- workflows)");
        var workflows = await WorkflowBenchmark.RunAsync([], ConsoleCancellation.Token);
        Console.WriteLine("== BenchmarkDotNet: accounts page, logs page, dashboard");
        RunBenchmarkDotNet(["--filter", "*"]);
        return new[] { ingest, ingestPostgreSql, telemetry, writer, wal, export, live, events, logsApi, batchUpload, dispatch, killNine, workflows }.Max();
}

RunBenchmarkDotNet(args.Length == 0 ? ["--filter", "*"] : args);
return 0;

// In-process (see LongInProcessToolchain), and a full run fits in a few minutes on 2 cores.
// AsDefault: a benchmark class that declares its own job runs that job instead.
static void RunBenchmarkDotNet(string[] args) =>
    BenchmarkSwitcher.FromAssembly(typeof(AccountPageBenchmarks).Assembly).Run(args, DefaultConfig.Instance.AddJob(Job.Default
        .WithWarmupCount(3)
        .WithIterationCount(10)
        .WithToolchain(LongInProcessToolchain.Instance)
        .AsDefault()));

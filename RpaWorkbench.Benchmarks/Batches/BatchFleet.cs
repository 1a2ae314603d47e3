using System.Text;
using MiniExcelLibs;
using System.Security.Cryptography;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Benchmarks.Ingest;
using RpaWorkbench.Benchmarks.Live;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Benchmarks.Batches;

/// <summary>
/// What the batch harnesses share: robots in one group with a task that declares five parameters of mixed types,
/// sheets of generated rows for that task (.xlsx through MiniExcel, .csv), and batches created through
/// <see cref="BatchService.CreateAsync"/> as an operator would.
/// </summary>
internal static class BatchFleet
{
    public const string AppName = "批量录入";

    private static readonly TaskParameter[] Parameters =
    [
        new("订单号", TaskParameterType.Text) { Required = true },
        new("数量", TaskParameterType.Integer) { Required = true },
        new("金额", TaskParameterType.Decimal),
        new("加急", TaskParameterType.Boolean),
        new("交货日期", TaskParameterType.Date),
    ];

    /// <summary>
    /// <paramref name="robots"/> registered robots, online now, in one group, and a task of that group (any idle robot);
    /// returns the task's id and the robots' ids.
    /// </summary>
    public static async Task<(long TaskId, List<long> RobotIds)> SeedAsync(BenchmarkDatabase database, int robots, CancellationToken cancellationToken)
    {
        var now = DateTime.UtcNow;
        await using var db = await database.Contexts.CreateDbContextAsync(cancellationToken);
        var group = new RobotGroup { Name = "benchmark robots", CreatedAt = now, UpdatedAt = now };
        for (var i = 1; i <= robots; i++)
        {
            var account = $"bench{i:D3}";
            var host = $"10.88.0.{i}";
            group.Accounts.Add(new Account
            {
                ShadowBotAccount = account,
                HostIp = host,
                Port = 18080,
                TaskControl = AccountRules.TaskControl(account, host, 18080),
                LastHeartbeatAt = now,
                CreatedAt = now,
                UpdatedAt = now,
            });
        }

        db.Add(group);
        await db.SaveChangesAsync(cancellationToken);
        var task = new RobotTask
        {
            TaskName = "批量录入（基准）",
            AppName = AppName,
            AccountId = group.Accounts.First().Id,
            GroupId = group.Id,
            Parameters = Parameters,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        return (task.Id, group.Accounts.Select(a => a.Id).ToList());
    }

    /// <summary>The sheet's rows, every cell valid for its parameter.</summary>
    public static IEnumerable<Dictionary<string, object>> Rows(int count)
    {
        var start = new DateTime(2026, 12, 1, 0, 0, 0, DateTimeKind.Unspecified);
        for (var i = 1; i <= count; i++)
        {
            yield return new Dictionary<string, object>
            {
                ["订单号"] = $"SO-{i:D7}",
                ["数量"] = i % 97 + 1,
                ["金额"] = Math.Round(i * 1.37m % 10_000m, 2),
                ["加急"] = i % 5 == 0 ? "true" : "false",
                ["交货日期"] = start.AddDays(i % 60).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            };
        }
    }

    public static string WriteWorkbook(string folder, int rows)
    {
        var path = Path.Combine(folder, $"rows-{rows}.xlsx");
        MiniExcel.SaveAs(path, Rows(rows));
        return path;
    }

    public static string WriteCsv(string folder, int rows)
    {
        var path = Path.Combine(folder, $"rows-{rows}.csv");
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        writer.WriteLine(string.Join(',', Parameters.Select(p => p.Name)));
        foreach (var row in Rows(rows))
        {
            writer.WriteLine(string.Join(',', row.Values.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        }

        return path;
    }

    /// <summary>Creates a batch of the sheet through <see cref="BatchService"/> as an admin; fails if the sheet was refused.</summary>
    public static async Task<long> CreateBatchAsync(
        BenchmarkDatabase database, long taskId, string path, CancellationToken cancellationToken, int maxRetries = BatchUpload.DefaultMaxRetries)
    {
        var admin = new BenchmarkViewer(Core.Security.Roles.Admin);
        var batches = ActivatorUtilities.CreateInstance<BatchService>(database.Services, admin, new AuditTrail(admin, TimeProvider.System));
        await using var file = File.OpenRead(path);
        var result = await batches.CreateAsync(new BatchUpload(taskId, Path.GetFileName(path), file) { MaxRetries = maxRetries }, cancellationToken);
        return result.Batch?.Id ?? throw new InvalidOperationException(
            $"The sheet was refused: {result.ErrorCount} errors, first: {(result.Errors.Count > 0 ? result.Errors[0].Message : "none")}");
    }

    /// <summary>
    /// The Workbench in its own process (<see cref="LiveLatencyBenchmark.StartAsync"/>) with the simulated robots at a
    /// quick pace: confirm after 50 ms, runs of 1–3 s that never fail by chance, heartbeats every 5 s.
    /// </summary>
    public static Task<ServerProcess> StartWorkbenchAsync(BenchmarkDatabase database, CancellationToken cancellationToken, params string[] settings) =>
        LiveLatencyBenchmark.StartAsync(database, "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(17)),
            "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9)), cancellationToken,
            [
                "--Workbench:Robots:Mode", "Simulated",
                "--Workbench:Robots:Simulation:ConfirmDelay", "00:00:00.050",
                "--Workbench:Robots:Simulation:MinRunDuration", "00:00:01",
                "--Workbench:Robots:Simulation:MaxRunDuration", "00:00:03",
                "--Workbench:Robots:Simulation:FailureRate", "0",
                "--Workbench:Robots:Simulation:HeartbeatInterval", "00:00:05",
                .. settings,
            ]);
}

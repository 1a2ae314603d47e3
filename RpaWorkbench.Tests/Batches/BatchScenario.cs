using System.Text;
using Microsoft.EntityFrameworkCore;
using MiniExcelLibs;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Batches;

/// <summary>
/// A Core on a real SQLite file with one robot account and a task declaring five parameters: <c>name</c> (text,
/// required, at most 10 characters), <c>amount</c> (decimal, required), <c>count</c> (integer, default 3), <c>vip</c>
/// (boolean) and <c>due</c> (date); and sheets to upload to it.
/// </summary>
public sealed class BatchScenario : IAsyncDisposable
{
    public static readonly IReadOnlyList<TaskParameter> Parameters =
    [
        new("name", TaskParameterType.Text) { Required = true, MaxLength = 10, Description = "客户名称" },
        new("amount", TaskParameterType.Decimal) { Required = true },
        new("count", TaskParameterType.Integer) { Default = "3" },
        new("vip", TaskParameterType.Boolean),
        new("due", TaskParameterType.Date),
    ];

    private BatchScenario(CoreTestHost core) => Core = core;

    public CoreTestHost Core { get; }
    public long AccountId { get; private set; }
    public long TaskId { get; private set; }
    public BatchService Batches => Core.Get<BatchService>();
    public BatchRunListener Listener => Core.Get<BatchRunListener>();

    public static async Task<BatchScenario> StartAsync(IDictionary<string, string?>? settings = null, DatabaseProvider provider = DatabaseProvider.Sqlite)
    {
        var scenario = new BatchScenario(await new CoreTestHost(provider, settings).MigrateAsync());
        var ct = TestContext.Current.CancellationToken;
        scenario.AccountId = (await scenario.Core.Get<AccountService>().CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), ct)).Id;
        var task = await scenario.Core.Get<TaskService>().CreateAsync(
            new TaskInput("订单录入", scenario.AccountId, "OrderEntry") { Parameters = Parameters }, ct);
        scenario.TaskId = task.Id;
        return scenario;
    }

    /// <summary>A workbook whose first row is <paramref name="header"/> and then the rows, cells as given (strings, numbers, booleans).</summary>
    public static MemoryStream Xlsx(IReadOnlyList<string> header, params object?[][] rows)
    {
        var sheet = new List<Dictionary<string, object?>> { header.Select((h, i) => (Key: Letter(i), Value: (object?)h)).ToDictionary(c => c.Key, c => c.Value) };
        sheet.AddRange(rows.Select(row => Enumerable.Range(0, Math.Max(header.Count, row.Length))
            .ToDictionary(Letter, i => i < row.Length ? row[i] : null)));
        var stream = new MemoryStream();
        stream.SaveAs(sheet, printHeader: false);
        stream.Position = 0;
        return stream;
    }

    public static MemoryStream Csv(string text) => new(Encoding.UTF8.GetBytes(text));

    public Task<BatchCreateResult> UploadAsync(Stream file, string fileName = "orders.xlsx", bool skipInvalid = false, int? maxRetries = null) =>
        Batches.CreateAsync(new BatchUpload(TaskId, fileName, file) { SkipInvalidRows = skipInvalid, MaxRetries = maxRetries }, TestContext.Current.CancellationToken);

    /// <summary>A good three-row batch, created.</summary>
    public async Task<BatchDetail> ThreeRowBatchAsync(int maxRetries = 2)
    {
        var result = await UploadAsync(Xlsx(["name", "amount"], ["甲", 1.5], ["乙", 2], ["丙", 3]), maxRetries: maxRetries);
        return result.Batch ?? throw new InvalidOperationException(string.Join("; ", result.Errors.Select(e => e.Message)));
    }

    public Task<List<DispatchRun>> RunsAsync(long batchId) =>
        Core.ReadAsync(db => db.DispatchRuns.AsNoTracking().Where(r => r.BatchId == batchId).OrderBy(r => r.Id).ToListAsync());

    public Task<List<BatchItem>> ItemsAsync(long batchId) =>
        Core.ReadAsync(db => db.BatchItems.AsNoTracking().Where(i => i.BatchId == batchId).OrderBy(i => i.RowNumber).ToListAsync());

    /// <summary>What the dispatcher does around the listener: one context and transaction, the change, the listener, the commit.</summary>
    public async Task DispatchAsync(long runId, Action<DispatchRun> change, Func<WorkbenchDbContext, DispatchRun, Task> tell)
    {
        await using var db = await Core.CreateDbContextAsync();
        await using var transaction = await db.Database.BeginTransactionAsync();
        var run = await db.DispatchRuns.SingleAsync(r => r.Id == runId);
        change(run);
        await tell(db, run);
        await db.SaveChangesAsync();
        await transaction.CommitAsync();
    }

    /// <summary>The run starts on the scenario's robot now.</summary>
    public Task StartAsync(DispatchRun run) => DispatchAsync(run.Id, r =>
    {
        r.State = DispatchRunState.Running;
        r.AccountId = AccountId;
        r.StartedAt = Core.Clock.GetUtcNow().UtcDateTime;
    }, (db, r) => Listener.StartedAsync(db, r, CancellationToken.None));

    /// <summary>The run ends now in <paramref name="state"/> with <paramref name="outcome"/>.</summary>
    public Task EndAsync(DispatchRun run, DispatchRunState state, Core.Executions.ExecutionStatus? outcome, string? error = null, string? outputs = null) =>
        DispatchAsync(run.Id, r =>
        {
            r.State = state;
            r.Outcome = outcome;
            r.Error = error;
            r.EndedAt = Core.Clock.GetUtcNow().UtcDateTime;
        }, (db, r) => Listener.EndedAsync(db, r, outputs, CancellationToken.None));

    public ValueTask DisposeAsync() => Core.DisposeAsync();

    private static string Letter(int index) => ((char)('A' + index)).ToString();
}

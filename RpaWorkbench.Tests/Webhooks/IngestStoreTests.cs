using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Dashboard.DashboardRuns;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// The ingest store (the provider's side of the group commit) on each database: the one the provider needs is the
/// one registered, and what a batch commits is what the next batch reads back through it.
/// </summary>
public abstract class IngestStoreTests(DatabaseProvider provider) : IAsyncLifetime
{
    private CoreTestHost _host = null!;

    public async ValueTask InitializeAsync() => _host = await new CoreTestHost(provider).MigrateAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public void Registration_ForTheConfiguredProvider_IsThatProvidersStore()
    {
        var store = _host.Get<IIngestStore>();

        Assert.Equal(provider == DatabaseProvider.PostgreSQL ? typeof(PostgreSqlIngestStore) : typeof(SqliteIngestStore), store.GetType());
    }

    [Fact]
    public void Read_AfterABatchCommitted_ReturnsTheAdoptedAccountAndTheStoredRun()
    {
        var first = Run("tygj00001", "对账", ExecutionStatus.Completed, new DateTime(2026, 11, 25, 7, 0, 0, DateTimeKind.Utc), 30);
        var receipt = _host.Get<CallbackBatchWriter>().Write([first]).Receipts.Single();
        var store = _host.Get<IIngestStore>();

        IngestRows rows;
        using (var transaction = store.Begin())
        {
            rows = store.Read(["tygj00001", "nobody"], [first.DedupKey, "never-sent"], []);
            transaction.Rollback();
        }

        var account = Assert.Single(rows.Accounts);
        Assert.Equal("tygj00001", account.ShadowBotAccount);
        Assert.True(account.Unregistered);
        Assert.Empty(rows.Tasks);
        Assert.Equal(new Dictionary<string, long> { [first.DedupKey] = receipt.Id!.Value }, rows.StoredRuns);
    }

    [Fact]
    public async Task Write_AShadowBotRun_StoresItsOutputsAndJobUuid()
    {
        const string outputs = """[{"name":"订单数","value":"42","type":"int"}]""";
        var run = Run("tygj00001", "对账", ExecutionStatus.Completed, new DateTime(2026, 11, 25, 7, 0, 0, DateTimeKind.Utc), 30)
            with { ShadowBotJobUuid = "job-5b1f", Outputs = outputs };

        var id = _host.Get<CallbackBatchWriter>().Write([run]).Receipts.Single().Id;

        var log = await _host.ReadAsync(db => db.ExecutionLogs.AsNoTracking().SingleAsync(l => l.Id == id, TestContext.Current.CancellationToken));
        Assert.Equal(("job-5b1f", outputs), (log.ShadowBotJobUuid, log.Outputs));
    }

    [Fact]
    public async Task Write_AGroupsJobThatRanOnAnotherRobot_EndsItsTaskFoundByTheRunId()
    {
        var ct = TestContext.Current.CancellationToken;
        var accountId = (await _host.Get<AccountService>().CreateAsync(new AccountInput("tygj00001", "127.0.0.1", 8088), ct)).Id;
        var now = _host.Clock.GetUtcNow().UtcDateTime;
        var task = new RobotTask
        {
            TaskName = "月结对账", AppName = "对账", AccountId = accountId, Status = RobotTaskStatus.Running,
            CurrentRunId = "0196c1d2e3f4a5b6c7d8e9f0a1b2c3d4", CurrentJobUuid = "job-group-1", RunStartedAt = now,
            ShadowBot = new ShadowBotTaskSettings { RobotUuid = "app-7c1e", GroupUuid = "grp-31" }, CreatedAt = now, UpdatedAt = now,
        };
        await _host.ReadAsync(async db =>
        {
            db.Tasks.Add(task);
            return await db.SaveChangesAsync(ct);
        });
        // ShadowBot picked robot tygj00002 of the group, and calls its app by its own name.
        var run = Run("tygj00002", "对账-影刀", ExecutionStatus.Completed, now, 90)
            with { ExecutionId = "0196c1d2e3f4a5b6c7d8e9f0a1b2c3d4", ShadowBotJobUuid = "job-group-1" };

        var id = _host.Get<CallbackBatchWriter>().Write([run]).Receipts.Single().Id;

        var ended = await _host.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == task.Id, ct));
        Assert.Equal((RobotTaskStatus.Pending, null, null), (ended.Status, ended.CurrentRunId, ended.CurrentJobUuid));
        var log = await _host.ReadAsync(db => db.ExecutionLogs.AsNoTracking().SingleAsync(l => l.Id == id, ct));
        Assert.Equal((task.Id, "tygj00002"), (log.TaskId, log.ShadowBotAccount));
    }

    [Fact]
    public void Write_TheSameRunInALaterBatch_AnswersWithTheStoredIdAsADuplicate()
    {
        var run = Run("tygj00001", "对账", ExecutionStatus.Failed, new DateTime(2026, 11, 25, 7, 0, 0, DateTimeKind.Utc), 30, error: "登录失败");
        var writer = _host.Get<CallbackBatchWriter>();

        var stored = writer.Write([run]).Receipts.Single();
        var again = writer.Write([run]).Receipts.Single();

        Assert.False(stored.Duplicate);
        Assert.Equal(new CallbackReceipt(stored.Id, Duplicate: true), again);
    }
}

public sealed class IngestStoreTestsOnSqlite() : IngestStoreTests(DatabaseProvider.Sqlite);

public sealed class IngestStoreTestsOnPostgreSql() : IngestStoreTests(DatabaseProvider.PostgreSQL);

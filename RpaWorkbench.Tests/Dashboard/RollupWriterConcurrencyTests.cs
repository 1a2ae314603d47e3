using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Dashboard;

/// <summary>
/// Two writers adding runs to the same roll-up rows at once, as two instances' watchdogs or a force-stop beside the
/// ingest do, on one PostgreSQL: the second waits on the first's row locks and both counts land, for a row that
/// existed and for one both create. (SQLite has one writer: the second cannot even begin until the first commits.)
/// </summary>
public sealed class RollupWriterConcurrencyTests : IAsyncLifetime
{
    // 10:00 in Shanghai on the 24th and on the 25th.
    private static readonly DateTime KnownDay = new(2026, 11, 24, 2, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime NewDay = new(2026, 11, 25, 2, 0, 0, DateTimeKind.Utc);

    private CoreTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await new CoreTestHost(DatabaseProvider.PostgreSQL).MigrateAsync();

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task TwoTransactionsAddingToTheSameRows_BothCountsLand()
    {
        await using (var seed = await _host.CreateDbContextAsync())
        await using (var transaction = await seed.Database.BeginTransactionAsync(Ct))
        {
            RollupWriter.Add(seed, Runs(KnownDay));
            await transaction.CommitAsync(Ct);
        }

        await using var first = await _host.CreateDbContextAsync();
        await using var firstTransaction = await first.Database.BeginTransactionAsync(Ct);
        await using var second = await _host.CreateDbContextAsync();
        await using var secondTransaction = await second.Database.BeginTransactionAsync(Ct);
        RollupWriter.Add(first, Runs(KnownDay, NewDay));
        var secondAdd = Task.Run(() => RollupWriter.Add(second, Runs(KnownDay, NewDay)), Ct);
        await WhenASessionWaitsForALockAsync();
        await firstTransaction.CommitAsync(Ct);
        await secondAdd;
        await secondTransaction.CommitAsync(Ct);

        var daily = await _host.ReadAsync(db => db.DailyRollups.AsNoTracking().OrderBy(r => r.Day).ToListAsync(Ct));
        Assert.Equal(
            [(new DateOnly(2026, 11, 24), 3, 3, 180.0, 15L, 3L), (new DateOnly(2026, 11, 25), 2, 2, 120.0, 10L, 2L)],
            daily.Select(r => (r.Day, r.Runs, r.Failed, r.DurationSeconds, r.Items, DurationHistogram.FromBlob(r.Histogram).Total)));
        var failures = await _host.ReadAsync(db => db.FailureRollups.AsNoTracking().OrderBy(r => r.Day).Select(r => new { r.Day, r.Count }).ToListAsync(Ct));
        Assert.Equal([(new DateOnly(2026, 11, 24), 3), (new DateOnly(2026, 11, 25), 2)], failures.Select(f => (f.Day, f.Count)));
        Assert.Equal(["登录失败"], await _host.ReadAsync(db => db.FailureMessages.Select(m => m.Message).ToListAsync(Ct)));
    }

    // The positive signal that the second writer is inside its upsert, blocked by the first one's uncommitted rows.
    private async Task WhenASessionWaitsForALockAsync()
    {
        while (await _host.ReadAsync(db => db.Database
                   .SqlQueryRaw<int>("""SELECT count(*)::int AS "Value" FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'""")
                   .SingleAsync(Ct)) == 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), Ct);
        }
    }

    // A failed one-minute run of five items on each day, by the same robot, app and message.
    private RollupBatch Runs(params DateTime[] starts) => RollupBatch.Of(
        starts.Select(start => new ExecutionLog
        {
            Text = "对账: failed - 登录失败",
            AppName = "对账",
            ShadowBotAccount = "tygj00001",
            Status = ExecutionStatus.Failed,
            StartTime = start,
            EndTime = start.AddMinutes(1),
            DurationSeconds = 60,
            TotalItems = 5,
            ErrorMessage = "登录失败",
            DedupKey = $"run-{start:yyyyMMdd}",
        }),
        _host.Get<OperatorTime>());
}

using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Tests.Dashboard;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Executions;

public abstract class LogSeederTests(DatabaseProvider provider) : IAsyncLifetime
{
    private readonly CoreTestHost _core = new(provider);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _core.MigrateAsync();

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task Seed_EmptyDatabase_StoresRealisticRunsOfAGeneratedFleet()
    {
        var reported = new List<int>();

        var stored = await _core.Get<LogSeeder>().SeedAsync(3000, seed: 1, reported.Add, Ct);

        Assert.Equal(3000, stored);
        Assert.Equal(3000, reported[^1]);
        var now = _core.Clock.GetUtcNow().UtcDateTime;
        var time = _core.Get<OperatorTime>();
        var logs = await _core.ReadAsync(db => db.ExecutionLogs.AsNoTracking().ToListAsync(Ct));
        Assert.All(logs, l =>
        {
            Assert.InRange(time.ToOperator(l.StartTime).Hour, 8, 19);
            Assert.InRange(l.StartTime, now.AddDays(-91), now);
            Assert.True(l.EndTime <= now && l.EndTime >= l.StartTime);
            Assert.NotNull(l.TaskId);
            Assert.NotNull(l.AccountId);
            Assert.True(l.ScreenshotUrl is null || l.ScreenshotUrl.StartsWith($"https://{LogSeeder.ExampleStorageHost}/", StringComparison.Ordinal));
            Assert.Equal(l.Status != ExecutionStatus.Completed, l.ErrorMessage is not null);
        });
        Assert.InRange(logs.Count(l => l.Status == ExecutionStatus.Failed), 200, 400);
        Assert.Equal(logs.Count, logs.Select(l => l.DedupKey).Distinct().Count());
        Assert.Equal(40, await _core.ReadAsync(db => db.Accounts.CountAsync(Ct)));
    }

    [Fact]
    public async Task Seed_KeepsTheDashboardRollupsAsARebuildWouldMakeThem()
    {
        await _core.Get<LogSeeder>().SeedAsync(3000, seed: 2, progress: null, Ct);
        var daily = await DailyRollupsAsync();
        var failures = await DailyRollupTests.FailureRollupAsync(_core);

        await _core.Get<DailyRollupRebuilder>().RebuildAsync(Ct);

        Assert.Equal(3000, daily.Sum(r => r.Runs));
        Assert.InRange(failures.Select(f => f.Message).Distinct().Count(), 20, 400);
        Assert.Equal(await DailyRollupsAsync(), daily);
        Assert.Equal(await DailyRollupTests.FailureRollupAsync(_core), failures);
    }

    private async Task<List<RollupRow>> DailyRollupsAsync() =>
        DailyRollupTests.Rows(await _core.ReadAsync(db => db.DailyRollups.AsNoTracking().ToListAsync(Ct)));
}

public sealed class LogSeederTestsOnSqlite() : LogSeederTests(DatabaseProvider.Sqlite);

public sealed class LogSeederTestsOnPostgreSql() : LogSeederTests(DatabaseProvider.PostgreSQL);

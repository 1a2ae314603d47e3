using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Demo;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Storage;

namespace RpaWorkbench.Tests.Demo;

/// <summary>The demo data is a state the Workbench could have reached by itself, and shows configs and schedules.</summary>
public sealed class DemoSeederTests : IAsyncLifetime
{
    private CoreTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _host = await new CoreTestHost().MigrateAsync();
        await _host.Get<DemoSeeder>().SeedAsync(Ct);
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Seed_NothingRunning_NoRobotBusyWithoutARun()
    {
        var accounts = await _host.ReadAsync(db => db.Accounts.AsNoTracking().Include(a => a.Tasks).ToListAsync(Ct));

        Assert.Equal(8, accounts.Count);
        Assert.DoesNotContain(accounts, a => a.Status == AccountStatus.Running);
        Assert.All(accounts.SelectMany(a => a.Tasks), t => Assert.Equal((RobotTaskStatus.Pending, null, null), (t.Status, t.CurrentRunId, t.RunStartedAt)));
    }

    [Fact]
    public async Task Seed_SomeTasksWithConfigJsonAndAStoredConfigFile()
    {
        var tasks = await _host.ReadAsync(db => db.Tasks.AsNoTracking().ToListAsync(Ct));

        Assert.True(tasks.Count(t => t.ConfigJson is not null) >= 3);
        Assert.All(tasks.Where(t => t.ConfigJson is not null), t => System.Text.Json.JsonDocument.Parse(t.ConfigJson!).Dispose());
        var withFile = Assert.Single(tasks, t => t.ConfigFileKey is not null);
        var stored = await _host.Get<IObjectStore>().GetAsync(withFile.ConfigFileKey!, Ct);
        System.Text.Json.JsonDocument.Parse(await StoredBytes.ReadAllAsync(stored!, Ct)).Dispose();
    }

    [Fact]
    public async Task Seed_CronTasksHaveFiveFieldsAndAreHandledUpToNow()
    {
        var scheduled = await _host.ReadAsync(db => db.Tasks.AsNoTracking().Where(t => t.CronExpression != null).ToListAsync(Ct));

        Assert.NotEmpty(scheduled);
        Assert.All(scheduled, t =>
        {
            Assert.Equal(5, t.CronExpression!.Split(' ').Length);
            Assert.Equal(_host.Clock.GetUtcNow().UtcDateTime, t.ScheduledThrough);
        });
    }

    [Fact]
    public async Task Seed_Twice_SeedsOnce()
    {
        var runs = await _host.ReadAsync(db => db.ExecutionLogs.CountAsync(Ct));
        var files = Directory.GetFiles(Path.Combine(_host.DataDirectory, "objects"), "*", SearchOption.AllDirectories).Order().ToList();

        await _host.Get<DemoSeeder>().SeedAsync(Ct);

        Assert.Equal(8, await _host.ReadAsync(db => db.Tasks.CountAsync(Ct)));
        Assert.Equal(runs, await _host.ReadAsync(db => db.ExecutionLogs.CountAsync(Ct)));
        Assert.Equal(files, Directory.GetFiles(Path.Combine(_host.DataDirectory, "objects"), "*", SearchOption.AllDirectories).Order());
        Assert.Single(files, f => f.EndsWith(".json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Seed_DatabaseWithAnAccountButNoRuns_AddsNothing()
    {
        await using var host = await new CoreTestHost().MigrateAsync();
        await using (var db = await host.CreateDbContextAsync())
        {
            db.Accounts.Add(new Account { ShadowBotAccount = "own01", HostIp = "10.0.0.9", Port = 8080, TaskControl = AccountRules.TaskControl("own01", "10.0.0.9", 8080) });
            await db.SaveChangesAsync(Ct);
        }

        await host.Get<DemoSeeder>().SeedAsync(Ct);

        Assert.Equal(1, await host.ReadAsync(db => db.Accounts.CountAsync(Ct)));
        Assert.Equal(0, await host.ReadAsync(db => db.ExecutionLogs.CountAsync(Ct)));
        Assert.Equal(0, await host.ReadAsync(db => db.DailyRollups.CountAsync(Ct)));
        Assert.False(Directory.Exists(Path.Combine(host.DataDirectory, "objects", "runs")));
    }
}

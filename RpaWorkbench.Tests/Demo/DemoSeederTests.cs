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
        await _host.Get<DemoSeeder>().SeedAsync(Ct);

        Assert.Equal(8, await _host.ReadAsync(db => db.Tasks.CountAsync(Ct)));
        Assert.Single(Directory.GetFiles(Path.Combine(_host.DataDirectory, "objects"), "*.json", SearchOption.AllDirectories));
    }
}

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
    public async Task Seed_AWorkflowWithAWeekOfFinishedRunsOnTheDemoTasks()
    {
        var workflow = await _host.ReadAsync(db => db.Workflows.AsNoTracking().SingleAsync(Ct));
        var version = await _host.ReadAsync(db => db.WorkflowVersions.AsNoTracking().SingleAsync(v => v.WorkflowId == workflow.Id, Ct));
        var runs = await _host.ReadAsync(db => db.WorkflowRuns.AsNoTracking().OrderBy(r => r.CreatedAt).ToListAsync(Ct));
        var attempts = await _host.ReadAsync(db => db.WorkflowStepRuns.AsNoTracking().ToListAsync(Ct));
        var taskIds = await _host.ReadAsync(db => db.Tasks.Select(t => t.Id).ToListAsync(Ct));

        Assert.Equal(1, workflow.LatestVersion);
        Assert.All(version.Definition.Steps.Where(s => s.Task is not null), s => Assert.Contains(s.Task!.TaskId, taskIds));
        Assert.Equal(6, runs.Count);
        Assert.All(runs, run =>
        {
            Assert.Equal(Core.Workflows.WorkflowRunState.Succeeded, run.State);
            var ofRun = attempts.Where(a => a.RunId == run.Id).OrderBy(a => a.StepIndex).ToList();
            Assert.Equal(version.Definition.Steps.Select(s => s.Name), ofRun.Select(a => a.StepName));
            Assert.All(ofRun, a => Assert.Equal(Core.Workflows.WorkflowStepState.Succeeded, a.State));
            Assert.All(ofRun.Zip(ofRun.Skip(1)), pair => Assert.Equal(pair.First.EndedAt, pair.Second.StartedAt));
            Assert.Equal(ofRun[^1].EndedAt, run.FinishedAt);
            Assert.True(run.FinishedAt < _host.Clock.GetUtcNow().UtcDateTime);
        });
    }

    [Fact]
    public async Task Seed_ThreeAlertRulesWithoutChannels_AndAWeekOfResolvedAlerts()
    {
        var rules = await _host.ReadAsync(db => db.AlertRules.AsNoTracking().OrderBy(r => r.Id).ToListAsync(Ct));
        var alerts = await _host.ReadAsync(db => db.Alerts.AsNoTracking().ToListAsync(Ct));
        var now = _host.Clock.GetUtcNow().UtcDateTime;

        Assert.Equal(["robot_offline", "failures_in_a_row", "success_rate_below"], rules.Select(r => Core.Data.ContractName.Of(r.Kind)));
        Assert.All(rules, r => Assert.Empty(r.ChannelIds));
        Assert.Equal(3, alerts.Count);
        Assert.All(alerts, a =>
        {
            Assert.Equal(Core.Alerts.AlertState.Resolved, a.State);
            Assert.Null(a.OpenKey);
            Assert.InRange(a.FiredAt, now.AddDays(-7), a.ResolvedAt!.Value);
            Assert.True(a.ResolvedAt < now);
            Assert.Contains(a.RuleId, rules.Select(r => (long?)r.Id));
        });
    }

    [Fact]
    public async Task Seed_TheWorkflowPassesTheDefinitionRules_SavingItUnchangedWritesNoVersion()
    {
        var workflows = _host.Get<Core.Workflows.Definitions.WorkflowService>();
        var workflow = (await workflows.ListAsync(new Core.Workflows.Definitions.WorkflowQuery(), Ct)).Items.Single();
        var detail = (await workflows.GetAsync(workflow.Id, null, Ct))!;

        var saved = await workflows.UpdateAsync(workflow.Id,
            new Core.Workflows.Definitions.WorkflowInput(detail.Name, detail.Description, detail.Schedule, detail.Definition, detail.Version), Ct);

        Assert.Equal(1, saved.LatestVersion);
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

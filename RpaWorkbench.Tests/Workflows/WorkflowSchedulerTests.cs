using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Runs;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>
/// Scheduled workflows on a fake clock that starts at 2026-11-25 08:00 UTC (16:00 in Shanghai, the operators' zone);
/// the schedule "30 16 * * *" fires at 16:30 Shanghai, 08:30 UTC. Its inputs: order_id has a default here.
/// </summary>
public sealed class WorkflowSchedulerTests : IAsyncLifetime
{
    private static readonly DateTime FireUtc = new(2026, 11, 25, 8, 30, 0, DateTimeKind.Utc);

    private static readonly WorkflowDefinition Defaults = WorkflowRunSeed.FourSteps with
    {
        Inputs = [new Core.Tasks.TaskParameter("order_id", Core.Tasks.TaskParameterType.Text) { Required = true, Default = "daily" }],
    };

    private readonly CoreTestHost _host = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => await _host.MigrateAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Fire_StartsOneRunWithTheDefaults_AndNotAgainInTheSameMinute()
    {
        var (workflowId, _) = await new WorkflowRunSeed(_host).WorkflowAsync(definition: Defaults, schedule: "30 16 * * *");
        _host.Clock.SetUtcNow(FireUtc.AddSeconds(-1));
        Assert.Empty(await FireAsync(_host));

        _host.Clock.SetUtcNow(FireUtc.AddSeconds(1));
        var run = Assert.Single(await FireAsync(_host));
        Assert.Empty(await FireAsync(_host));

        Assert.Equal((workflowId, WorkflowTrigger.Schedule, "schedule"), (run.WorkflowId, run.Trigger, run.StartedBy));
        Assert.Equal(new Dictionary<string, string?> { ["order_id"] = "daily" }, run.Inputs);
        var started = await _host.ReadAsync(db => db.AuditEntries.SingleAsync(e => e.Action == AuditActions.WorkflowRunStarted, Ct));
        Assert.Equal(AuditActors.System, started.Actor);
    }

    [Fact]
    public async Task TwoSchedulersOnOneDatabase_StartOneRun()
    {
        await new WorkflowRunSeed(_host).WorkflowAsync(definition: Defaults, schedule: "30 16 * * *");
        await using var second = _host.OnTheSameDatabase();
        _host.Clock.SetUtcNow(FireUtc);
        second.Clock.SetUtcNow(FireUtc);

        var both = await Task.WhenAll(FireAsync(_host), FireAsync(second));

        Assert.Equal(1, both.Sum(started => started.Count));
        Assert.Equal(1, await _host.ReadAsync(db => db.WorkflowRuns.CountAsync(Ct)));
    }

    [Fact]
    public async Task FiresMissedWhileDown_AreNotMadeUp_TheNextOneRuns()
    {
        await new WorkflowRunSeed(_host).WorkflowAsync(definition: Defaults, schedule: "30 16 * * *");

        _host.Clock.SetUtcNow(FireUtc.AddHours(3));
        Assert.Empty(await FireAsync(_host));
        _host.Clock.SetUtcNow(FireUtc.AddDays(1));
        var next = Assert.Single(await FireAsync(_host));

        Assert.Equal(FireUtc.AddDays(1), next.CreatedAt);
        Assert.Equal(1, await _host.ReadAsync(db => db.WorkflowRuns.CountAsync(Ct)));
    }

    [Fact]
    public async Task RequiredInputWithoutDefault_SkipsTheFireWithoutARun()
    {
        await new WorkflowRunSeed(_host).WorkflowAsync(schedule: "30 16 * * *");
        _host.Clock.SetUtcNow(FireUtc);

        Assert.Empty(await FireAsync(_host));

        Assert.Equal(0, await _host.ReadAsync(db => db.WorkflowRuns.CountAsync(Ct)));
        Assert.Equal(FireUtc, await _host.ReadAsync(db => db.Workflows.Select(w => w.ScheduledThrough).SingleAsync(Ct)));
    }

    private static Task<IReadOnlyList<WorkflowRun>> FireAsync(CoreTestHost host) => host.Get<WorkflowScheduler>().FireDueAsync(Ct);
}

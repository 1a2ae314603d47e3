using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Diagnostics;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Tests.Dispatch;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Workflows;

namespace RpaWorkbench.Tests.Telemetry;

/// <summary>The Workbench meter's run, queue, live-event and database-gauge figures, measured on a Core with a real database.</summary>
public abstract class WorkbenchMetricsTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string App = "财务日报";
    private DispatchTestBed _bed = null!;
    private MetricRecorder _metrics = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _bed = await DispatchTestBed.StartAsync(provider);
        _metrics = new MetricRecorder(_bed.Host.Get<IMeterFactory>());
    }

    public async ValueTask DisposeAsync()
    {
        _metrics.Dispose();
        await _bed.DisposeAsync();
    }

    [Fact]
    public async Task QueuedRun_CountsItsWaitStartAndEndByApp()
    {
        var robot = await _bed.AddRobotAsync("tygj00001");
        var task = await _bed.AddTaskAsync(robot);
        await _bed.EnqueueAsync("queued-10min", task, account: robot, enqueuedAt: _bed.Now.AddMinutes(-10));

        Assert.Equal(1, (await _bed.PassAsync()).Started);
        // Published as the ingest publishes after its commit.
        _bed.Host.Get<IWorkbenchEvents>().Publish(await _bed.ReportAsync("queued-10min", ExecutionStatus.Failed, error: "网页打不开"));

        Assert.Equal([600.0], _metrics.Values("workbench.dispatch.wait.duration"));
        Assert.Equal(1, _metrics.Sum("workbench.runs.started", ("app", App)));
        Assert.Equal(1, _metrics.Sum("workbench.runs.ended", ("app", App), ("status", "failed")));
        Assert.Equal(0, _metrics.Sum("workbench.runs.ended", ("status", "completed")));
        Assert.True(_metrics.Sum("workbench.live_events.published", ("event", "log")) >= 1);
        Assert.True(_metrics.Sum("workbench.live_events.published", ("event", "queue")) >= 1);
    }

    [Fact]
    public async Task GaugeSampler_ReadsRobotsQueueAndOpenBatchesAndWorkflows()
    {
        var online = await _bed.AddRobotAsync("tygj00001");
        await _bed.AddRobotAsync("tygj00002", heartbeat: _bed.Now.AddHours(-1));
        var task = await _bed.AddTaskAsync(online);
        await _bed.EnqueueAsync("waiting-5min", task, enqueuedAt: _bed.Now.AddMinutes(-5));
        await _bed.EnqueueAsync("waiting-now", task);
        await AddItemsAsync(await _bed.AddBatchAsync(task), BatchItemState.New, BatchItemState.New, BatchItemState.Successful);
        await AddItemsAsync(await _bed.AddBatchAsync(task, BatchState.Completed), BatchItemState.Failed, BatchItemState.Successful);
        var seed = new WorkflowRunSeed(_bed.Host);
        var workflow = await seed.WorkflowAsync();
        await seed.RunAsync(workflow, WorkflowRunState.Running, 1, (0, WorkflowStepState.Succeeded, 120, 30), (1, WorkflowStepState.Waiting, 60, null));
        await seed.RunAsync(workflow, WorkflowRunState.Failed, 0, (0, WorkflowStepState.Failed, 120, 30));

        var sampler = ActivatorUtilities.CreateInstance<WorkbenchGaugeSampler>(_bed.Host.Services);
        _bed.Host.Get<WorkbenchMetrics>().Read(await sampler.ReadAsync(Ct));
        _metrics.ObserveGauges();

        Assert.Equal(1, _metrics.Last("workbench.robots", ("state", "online")));
        Assert.Equal(1, _metrics.Last("workbench.robots", ("state", "offline")));
        Assert.Equal(2, _metrics.Last("workbench.dispatch.queue.depth"));
        Assert.Equal(300, _metrics.Last("workbench.dispatch.queue.oldest_wait"));
        // Only the running batch's items; every state is reported, zero included.
        Assert.Equal(2, _metrics.Last("workbench.batch.items", ("state", "new")));
        Assert.Equal(1, _metrics.Last("workbench.batch.items", ("state", "successful")));
        Assert.Equal(0, _metrics.Last("workbench.batch.items", ("state", "failed")));
        Assert.Equal(Enum.GetValues<BatchItemState>().Select(ContractName.Of).ToHashSet(), _metrics.LabelValues("workbench.batch.items", "state"));
        Assert.Equal(1, _metrics.Last("workbench.workflow.steps", ("state", "succeeded")));
        Assert.Equal(1, _metrics.Last("workbench.workflow.steps", ("state", "waiting")));
        Assert.Equal(0, _metrics.Last("workbench.workflow.steps", ("state", "failed")));
    }

    [Fact]
    public void Gauges_BeforeTheFirstReading_ReportNothing()
    {
        _metrics.ObserveGauges();

        Assert.Empty(_metrics.Values("workbench.robots"));
        Assert.Empty(_metrics.Values("workbench.dispatch.queue.depth"));
    }

    private async Task AddItemsAsync(long batchId, params BatchItemState[] states)
    {
        await using var db = await _bed.Host.CreateDbContextAsync();
        var row = 0;
        foreach (var state in states)
        {
            row++;
            db.BatchItems.Add(new BatchItem { BatchId = batchId, RowNumber = row, State = state, RunKey = $"b{batchId}-r{row}" });
        }

        await db.SaveChangesAsync(Ct);
    }
}

public sealed class WorkbenchMetricsTestsOnSqlite() : WorkbenchMetricsTests(DatabaseProvider.Sqlite);

public sealed class WorkbenchMetricsTestsOnPostgreSql() : WorkbenchMetricsTests(DatabaseProvider.PostgreSQL);

/// <summary>The one open label, <c>app</c>, stays bounded however many apps a fleet runs.</summary>
public sealed class AppLabelTests
{
    [Fact]
    public void AppLabel_BeyondTheCap_CountsAsOther()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var recorder = new MetricRecorder(factory);
        var metrics = new WorkbenchMetrics(factory);

        for (var i = 0; i <= WorkbenchMetrics.MaxAppLabels + 5; i++)
        {
            metrics.RunStarted($"app-{i}");
        }

        metrics.RunStarted("app-0");

        var labels = recorder.LabelValues("workbench.runs.started", "app");
        Assert.Equal(WorkbenchMetrics.MaxAppLabels + 1, labels.Count);
        Assert.Contains(WorkbenchMetrics.OtherApps, labels);
        Assert.Equal(2, recorder.Sum("workbench.runs.started", ("app", "app-0")));
        Assert.Equal(6, recorder.Sum("workbench.runs.started", ("app", WorkbenchMetrics.OtherApps)));
    }
}

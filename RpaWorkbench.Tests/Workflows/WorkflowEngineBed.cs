using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Engine;
using RpaWorkbench.Tests.Dispatch;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>
/// The engine's world for one test: the dispatcher's test bed (a real SQLite file, a fake clock at 2026-11-25 08:00
/// UTC, i.e. 16:00 in the operators' Asia/Shanghai, a loopback robot agent) with one online robot and a task
/// <c>订单录入</c> declaring <c>order</c> (text, required) and <c>amount</c> (decimal); workflows are inserted as rows.
/// </summary>
public sealed class WorkflowEngineBed : IAsyncDisposable
{
    private WorkflowEngineBed(DispatchTestBed dispatch) => Dispatch = dispatch;

    public DispatchTestBed Dispatch { get; }
    public CoreTestHost Host => Dispatch.Host;
    public long RobotId { get; private set; }
    public long TaskId { get; private set; }
    public WorkflowRunService Runs => Host.Get<WorkflowRunService>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<WorkflowEngineBed> StartAsync(params (string Key, string Value)[] settings)
    {
        var bed = new WorkflowEngineBed(await DispatchTestBed.StartAsync(DatabaseProvider.Sqlite, settings));
        bed.RobotId = await bed.Dispatch.AddRobotAsync("tygj00001");
        bed.TaskId = await bed.Dispatch.AddTaskAsync(bed.RobotId, name: "订单录入");
        await using var db = await bed.Host.CreateDbContextAsync();
        var task = await db.Tasks.SingleAsync(t => t.Id == bed.TaskId, Ct);
        task.Parameters = [new TaskParameter("order", TaskParameterType.Text) { Required = true }, new TaskParameter("amount", TaskParameterType.Decimal)];
        await db.SaveChangesAsync(Ct);
        return bed;
    }

    /// <summary>A robot run step of the bed's task with these parameter templates.</summary>
    public WorkflowStep RobotStep(string name, params (string Name, string Template)[] parameters) =>
        new(name, WorkflowStepKind.RobotRun) { Task = new WorkflowTaskStep(TaskId) { Parameters = parameters.ToDictionary(p => p.Name, p => p.Template) } };

    /// <summary>A robot run step whose template reads an input no run has: every attempt fails before anything is dispatched.</summary>
    public WorkflowStep FailingStep(string name) => RobotStep(name, ("order", "{{ inputs.missing }}"));

    public static WorkflowStep WaitStep(string name, int? seconds = null, string? until = null) =>
        new(name, WorkflowStepKind.Wait) { Wait = new WorkflowWaitStep { Seconds = seconds, Until = until } };

    /// <summary>A workflow (version 1) of these steps with one input, <c>order</c> (text, required).</summary>
    public async Task<long> AddWorkflowAsync(params WorkflowStep[] steps)
    {
        await using var db = await Host.CreateDbContextAsync();
        var now = Dispatch.Now;
        var workflow = new Workflow { Name = "订单流程", LatestVersion = 1, CreatedBy = "ops", CreatedAt = now, UpdatedAt = now };
        db.Workflows.Add(workflow);
        await db.SaveChangesAsync(Ct);
        db.WorkflowVersions.Add(new WorkflowVersion
        {
            WorkflowId = workflow.Id, Number = 1, CreatedBy = "ops", CreatedAt = now,
            Definition = new WorkflowDefinition { Inputs = [new TaskParameter("order", TaskParameterType.Text) { Required = true }], Steps = steps },
        });
        await db.SaveChangesAsync(Ct);
        return workflow.Id;
    }

    public async Task<long> StartRunAsync(long workflowId, string order = "A-100") =>
        (await Runs.StartAsync(workflowId, new Dictionary<string, string?> { ["order"] = order }, WorkflowTrigger.Manual, Ct)).Id;

    /// <summary>One engine pass, then one dispatcher pass (which starts what the engine queued on the robot, kept online).</summary>
    public async Task PassAsync()
    {
        await EnginePassAsync();
        await using (var db = await Host.CreateDbContextAsync())
        {
            var now = Dispatch.Now;
            await db.Accounts.Where(a => a.Id == RobotId).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastHeartbeatAt, now), Ct);
        }

        await Dispatch.PassAsync();
    }

    public Task<int> EnginePassAsync(CoreTestHost? host = null) => (host ?? Host).Get<WorkflowEngine>().RunPassAsync(Ct);

    /// <summary>The robot reports the end of the run of <paramref name="step"/>'s latest attempt, the dispatcher settles it, and the engine moves on.</summary>
    public async Task ReportAsync(long runId, int step, ExecutionStatus status = ExecutionStatus.Completed, string? outputs = null, string? error = null)
    {
        var dispatched = await DispatchRunOfAsync(runId, step);
        await Dispatch.ReportAsync(dispatched.RunId, status, outputs, error);
        await Dispatch.PassAsync();
        await PassAsync();
    }

    public Task<WorkflowRun> RunAsync(long runId) =>
        Host.ReadAsync(db => db.WorkflowRuns.AsNoTracking().SingleAsync(r => r.Id == runId, Ct));

    public Task<List<WorkflowStepRun>> AttemptsAsync(long runId) =>
        Host.ReadAsync(db => db.WorkflowStepRuns.AsNoTracking().Where(s => s.RunId == runId).OrderBy(s => s.Id).ToListAsync(Ct));

    public Task<List<DispatchRun>> DispatchRunsAsync() =>
        Host.ReadAsync(db => db.DispatchRuns.AsNoTracking().OrderBy(r => r.Id).ToListAsync(Ct));

    public Task<List<WorkflowLogLine>> LogAsync(long runId) =>
        Host.ReadAsync(db => db.WorkflowLogLines.AsNoTracking().Where(l => l.RunId == runId).OrderBy(l => l.Id).ToListAsync(Ct));

    /// <summary>The queued run of <paramref name="step"/>'s latest attempt.</summary>
    public Task<DispatchRun> DispatchRunOfAsync(long runId, int step) => Host.ReadAsync(db =>
        db.WorkflowStepRuns.AsNoTracking().Where(s => s.RunId == runId && s.StepIndex == step && s.DispatchRunId != null)
            .OrderByDescending(s => s.Attempt).Select(s => s.DispatchRun!).FirstAsync(Ct));

    /// <summary>The run ids the robot was asked to stop.</summary>
    public IReadOnlyList<string> Stops => [.. Dispatch.Agent.Requests.Where(r => r.Path == "/stop").Select(r => r.IdempotencyKey)];

    public ValueTask DisposeAsync() => Dispatch.DisposeAsync();
}

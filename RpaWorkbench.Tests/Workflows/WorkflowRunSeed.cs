using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>
/// Workflow rows written straight through the DbContext (the definitions service and the engine live on other
/// branches): a workflow with its first version, runs, step attempts and log lines, as the engine would leave them.
/// </summary>
public sealed class WorkflowRunSeed(IDbContextFactory<WorkbenchDbContext> contexts, TimeProvider clock)
{
    public WorkflowRunSeed(CoreTestHost host)
        : this(host.Get<IDbContextFactory<WorkbenchDbContext>>(), host.Clock)
    {
    }

    /// <summary>fetch (robot run) → pause (wait 60 s) → notify (HTTP) → sign_off (approval by an admin); inputs order_id (required text) and count (integer, default 3).</summary>
    public static readonly WorkflowDefinition FourSteps = new()
    {
        Inputs = [new TaskParameter("order_id", TaskParameterType.Text) { Required = true }, new TaskParameter("count", TaskParameterType.Integer) { Default = "3" }],
        Steps =
        [
            new WorkflowStep("fetch", WorkflowStepKind.RobotRun) { Title = "Fetch the order", Task = new WorkflowTaskStep(1) },
            new WorkflowStep("pause", WorkflowStepKind.Wait) { Wait = new WorkflowWaitStep { Seconds = 60 } },
            new WorkflowStep("notify", WorkflowStepKind.Http) { Http = new WorkflowHttpStep("POST", "http://127.0.0.1:9/notify") },
            new WorkflowStep("sign_off", WorkflowStepKind.Approval) { Approval = new WorkflowApprovalStep { Approver = WorkflowApprover.Admin, Message = "Sign off" } },
        ],
    };

    /// <summary>
    /// sign_off (approval) → fetch (robot run), with <see cref="FourSteps"/>' inputs: for hosts whose workflow engine runs,
    /// which leaves a started run waiting at its first step for as long as a test looks.
    /// </summary>
    public static readonly WorkflowDefinition ApprovalFirst = new()
    {
        Inputs = FourSteps.Inputs,
        Steps =
        [
            new WorkflowStep("sign_off", WorkflowStepKind.Approval) { Title = "Sign off the order", Approval = new WorkflowApprovalStep { Message = "Sign off {{ inputs.order_id }}" } },
            FourSteps.Steps[0],
        ],
    };

    /// <summary>check (HTTP) → approve (approval by operators).</summary>
    public static readonly WorkflowDefinition OperatorApproval = new()
    {
        Steps =
        [
            new WorkflowStep("check", WorkflowStepKind.Http) { Http = new WorkflowHttpStep("GET", "http://127.0.0.1:9/check") },
            new WorkflowStep("approve", WorkflowStepKind.Approval) { Approval = new WorkflowApprovalStep { Message = "Pay it?" } },
        ],
    };

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<(long WorkflowId, long VersionId)> WorkflowAsync(string name = "Orders", WorkflowDefinition? definition = null, string? schedule = null)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var workflow = new Workflow
        {
            Name = name, LatestVersion = 1, Schedule = schedule, CreatedBy = "admin-user", CreatedAt = Now, UpdatedAt = Now,
        };
        db.Workflows.Add(workflow);
        await db.SaveChangesAsync();
        var version = new WorkflowVersion { WorkflowId = workflow.Id, Number = 1, Definition = definition ?? FourSteps, CreatedBy = "admin-user", CreatedAt = Now };
        db.WorkflowVersions.Add(version);
        await db.SaveChangesAsync();
        return (workflow.Id, version.Id);
    }

    /// <summary>A run at <paramref name="stepIndex"/> with the given attempts (step index, state, seconds ago started, seconds it ran or null while open).</summary>
    public async Task<long> RunAsync((long WorkflowId, long VersionId) workflow, WorkflowRunState state, int? stepIndex,
        params (int Step, WorkflowStepState State, double StartedSecondsAgo, double? RanSeconds)[] attempts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var run = new WorkflowRun
        {
            WorkflowId = workflow.WorkflowId, WorkflowVersionId = workflow.VersionId, VersionNumber = 1, State = state, CurrentStepIndex = stepIndex,
            Inputs = new Dictionary<string, string?> { ["order_id"] = "A-17", ["count"] = "3" }, StartedBy = "operator-user",
            CreatedAt = Now.AddHours(-1), UpdatedAt = Now, FinishedAt = WorkflowRun.IsOpen(state) ? null : Now,
        };
        db.WorkflowRuns.Add(run);
        await db.SaveChangesAsync();
        var definition = (await db.WorkflowVersions.FindAsync(workflow.VersionId))!.Definition;
        foreach (var (step, stepState, ago, ran) in attempts)
        {
            var started = Now.AddSeconds(-ago);
            db.WorkflowStepRuns.Add(new WorkflowStepRun
            {
                RunId = run.Id, StepIndex = step, StepName = definition.Steps[step].Name, State = stepState,
                Attempt = 1 + db.WorkflowStepRuns.Local.Count(s => s.RunId == run.Id && s.StepIndex == step),
                CreatedAt = started, StartedAt = started, EndedAt = ran is { } seconds ? started.AddSeconds(seconds) : null,
            });
        }

        await db.SaveChangesAsync();
        return run.Id;
    }
}

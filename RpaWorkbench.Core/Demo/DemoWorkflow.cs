using System.Text.Json;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Core.Demo;

/// <summary>
/// The demo's workflow: sync the day's orders (a robot run), let the ERP settle (a wait), a person confirms (an
/// approval), then reconcile the bank (a robot run) — with a week of finished runs, so its progress and ETA have history.
/// </summary>
internal static class DemoWorkflow
{
    public const string Name = "每日订单对账";
    private const int PastRuns = 6;

    public static void Add(WorkbenchDbContext db, IReadOnlyDictionary<string, RobotTask> tasksByApp, DateTime now)
    {
        var workflow = new Workflow
        {
            Name = Name,
            Description = "同步当天订单，等待 ERP 入账，人工确认后做银行对账。",
            LatestVersion = 1,
            CreatedBy = DemoSeeder.AdminUserName,
            CreatedAt = now.AddDays(-DemoHistory.Days),
            UpdatedAt = now.AddDays(-DemoHistory.Days),
        };
        var version = new WorkflowVersion
        {
            Workflow = workflow,
            Number = 1,
            Definition = Definition(tasksByApp["订单同步"].Id, tasksByApp["银行对账"].Id),
            CreatedBy = DemoSeeder.AdminUserName,
            CreatedAt = workflow.CreatedAt,
        };
        db.WorkflowVersions.Add(version);
        for (var day = PastRuns; day >= 1; day--)
        {
            AddFinishedRun(db, workflow, version, now.Date.AddDays(-day).AddHours(1 + day % 3), day);
        }
    }

    private static WorkflowDefinition Definition(long syncTaskId, long reconcileTaskId) => new()
    {
        Inputs = [new TaskParameter("order_date", TaskParameterType.Date) { Required = true, Description = "对账日期" }],
        Steps =
        [
            new WorkflowStep("sync_orders", WorkflowStepKind.RobotRun) { Title = "同步订单", Task = new WorkflowTaskStep(syncTaskId), TimeoutSeconds = 1800, Attempts = 2 },
            new WorkflowStep("settle", WorkflowStepKind.Wait) { Title = "等待 ERP 入账", Wait = new WorkflowWaitStep { Seconds = 30 } },
            new WorkflowStep("confirm", WorkflowStepKind.Approval)
            {
                Title = "人工确认",
                Approval = new WorkflowApprovalStep { Message = "请确认 {{ inputs.order_date }} 的订单已全部同步到 ERP。", DeadlineSeconds = 86_400 },
            },
            new WorkflowStep("reconcile", WorkflowStepKind.RobotRun) { Title = "银行对账", Task = new WorkflowTaskStep(reconcileTaskId), TimeoutSeconds = 3600 },
        ],
    };

    // A finished run with its four attempts: durations vary a little from day to day, as real ones do.
    private static void AddFinishedRun(WorkbenchDbContext db, Workflow workflow, WorkflowVersion version, DateTime start, int day)
    {
        var durations = new[] { TimeSpan.FromSeconds(200 + day * 17), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(6 + day), TimeSpan.FromSeconds(1100 + day * 40) };
        var run = new WorkflowRun
        {
            Workflow = workflow,
            WorkflowVersion = version,
            VersionNumber = 1,
            State = WorkflowRunState.Succeeded,
            Trigger = WorkflowTrigger.Manual,
            Inputs = new Dictionary<string, string?> { ["order_date"] = start.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) },
            StartedBy = DemoSeeder.AdminUserName,
            CreatedAt = start,
        };
        db.WorkflowRuns.Add(run);
        var at = start;
        for (var index = 0; index < durations.Length; index++)
        {
            var step = version.Definition.Steps[index];
            var approval = step.Kind == WorkflowStepKind.Approval;
            db.WorkflowStepRuns.Add(new WorkflowStepRun
            {
                Run = run,
                StepIndex = index,
                StepName = step.Name,
                State = WorkflowStepState.Succeeded,
                CreatedAt = at,
                StartedAt = at,
                EndedAt = at + durations[index],
                Outputs = approval
                    ? JsonSerializer.Serialize(new { approved = true, decided_by = DemoSeeder.AdminUserName, comment = (string?)null })
                    : "{}",
                DecidedBy = approval ? DemoSeeder.AdminUserName : null,
            });
            at += durations[index];
        }

        run.FinishedAt = at;
        run.UpdatedAt = at;
    }
}

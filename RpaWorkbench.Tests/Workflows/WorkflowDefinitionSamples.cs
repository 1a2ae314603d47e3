using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dify;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>Definitions and tasks the definition tests share: a robot task with a required region, and a Dify task.</summary>
internal static class WorkflowDefinitionSamples
{
    public static IReadOnlyList<TaskParameter> RobotParameters { get; } =
    [
        new TaskParameter("region", TaskParameterType.Text) { Required = true },
        new TaskParameter("day", TaskParameterType.Date) { Required = true, Default = "2026-12-01" },
    ];

    public static IReadOnlyList<TaskParameter> DifyParameters { get; } = [new TaskParameter("order_id", TaskParameterType.Text) { Required = true }];

    /// <summary>fetch (robot run) → notify (HTTP, reads fetch's outputs and a secret) → pause (wait) → sign_off (approval).</summary>
    public static WorkflowDefinition Definition(long robotTaskId) => new()
    {
        Inputs = [new TaskParameter("order_id", TaskParameterType.Text) { Required = true }],
        Steps =
        [
            new WorkflowStep("fetch", WorkflowStepKind.RobotRun)
            {
                Task = new WorkflowTaskStep(robotTaskId) { Parameters = new Dictionary<string, string> { ["region"] = "{{ inputs.order_id }}" } },
                Attempts = 3,
                BackoffSeconds = 10,
            },
            new WorkflowStep("notify", WorkflowStepKind.Http)
            {
                Http = new WorkflowHttpStep("POST", "http://127.0.0.1:9/orders/{{ inputs.order_id }}")
                {
                    Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer {{ secrets.api_token }}" },
                    Body = """{"total": "{{ steps.fetch.outputs.total }}"}""",
                    SuccessStatuses = "200-299,404",
                    SuccessCondition = "response.json.ok == true",
                },
                OnFailure = WorkflowFailureAction.GoTo,
                GoTo = "fetch",
            },
            new WorkflowStep("pause", WorkflowStepKind.Wait) { Wait = new WorkflowWaitStep { Seconds = 60 } },
            new WorkflowStep("sign_off", WorkflowStepKind.Approval)
            {
                Approval = new WorkflowApprovalStep { Message = "Order {{ inputs.order_id }}: {{ steps.notify.outputs.status }}", DeadlineSeconds = 3600 },
            },
        ],
    };

    /// <summary>A robot task (parameters <see cref="RobotParameters"/>) and a Dify task (<see cref="DifyParameters"/>), inserted; their ids.</summary>
    public static async Task<(long Robot, long Dify)> AddTasksAsync(Func<Task<WorkbenchDbContext>> contexts)
    {
        await using var db = await contexts();
        var account = new Account { ShadowBotAccount = "tygj001", HostIp = "127.0.0.1", Port = 9000, TaskControl = "tygj001-127.0.0.1-9000" };
        var robot = new RobotTask { TaskName = "日报汇总", AppName = "财务日报", Account = account, Parameters = RobotParameters };
        var dify = new RobotTask
        {
            TaskName = "开票",
            AppName = "开票流程",
            Account = account,
            Parameters = DifyParameters,
            Dify = new DifyTaskSettings { BaseUrl = "http://127.0.0.1:9/v1", ApiKeyProtected = "protected" },
        };
        db.Tasks.AddRange(robot, dify);
        await db.SaveChangesAsync();
        return (robot.Id, dify.Id);
    }
}

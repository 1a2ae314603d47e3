using System.Text.Json;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Tasks;

/// <summary>The seed's task (<see cref="SeedValues"/>: 云仓收藏 on tygj001) as examples of <c>/api/v1/tasks</c> in the document.</summary>
internal static class TaskExamples
{
    private const string ConfigJson = """{ "max_items": 50 }""";
    private const string Cron = "0 10 * * *";
    private const string Warehouse = "仓库";
    private const string BatchSize = "batch_size";

    private static readonly IReadOnlyList<TaskParameter> Parameters =
    [
        new(Warehouse, TaskParameterType.Text) { Required = true, MaxLength = 20, Description = "发货仓库" },
        new(BatchSize, TaskParameterType.Integer) { Default = "50" },
    ];

    private static readonly TaskRow Row = new(
        SeedValues.TaskId, SeedValues.App, SeedValues.AccountId, SeedValues.Account, SeedValues.TaskControl, SeedValues.App, RobotTaskStatus.Pending,
        LastRunTime: SeedValues.RunStart, ErrorMessage: null, LastLogId: SeedValues.RunId, LastOutcome: ExecutionStatus.Completed, ConfigJson,
        ConfigFileKey: $"tasks/{SeedValues.TaskId}/config.json", TriggerTime: null, Cron, RunTimeout: TimeSpan.FromHours(1),
        NextFireAt: SeedValues.RunStart.AddDays(1), Schedule: Cron, SeedValues.Registered, SeedValues.RunEnd, Version: "9c41d07e2b5a")
    {
        Parameters = Parameters,
    };

    private static readonly TaskResource Seed = TaskResource.Of(Row);

    public static readonly ApiExample[] List =
        [ApiExample.Of("seed", "The seed's task after its completed run", new ApiPage<TaskResource>([Seed], 1, 1, ApiPaging.DefaultPageSize), StatusCodes.Status200OK)];

    public static readonly ApiExample[] One = [ApiExample.Of("seed", "The seed's task", Seed, StatusCodes.Status200OK)];

    public static readonly ApiExample[] Body =
    [
        ApiExample.Of("seed", "Run 云仓收藏 on tygj001 every day at 10:00, for at most an hour", new TaskRequest
        {
            TaskName = SeedValues.App,
            AccountId = SeedValues.AccountId,
            AppName = SeedValues.App,
            ConfigJson = JsonSerializer.Deserialize<JsonElement>(ConfigJson),
            CronExpression = Cron,
            RunTimeoutSeconds = 3600,
            Parameters = Parameters,
        }),
    ];

    public static readonly ApiExample[] Created =
    [
        ApiExample.Of("seed", "Created, not run yet",
            TaskResource.Of(Row with { LastRunTime = null, LastLogId = null, LastOutcome = null, ConfigFileKey = null, UpdatedAt = SeedValues.Registered }),
            StatusCodes.Status201Created),
    ];

    public static readonly ApiExample[] Updated = [ApiExample.Of("seed", "The task as changed", Seed, StatusCodes.Status200OK)];

    public static readonly ApiExample[] Start =
    [
        ApiExample.Of("seed", "This run's values of the task's parameters",
            new StartTaskRequest { Parameters = new() { [Warehouse] = JsonSerializer.SerializeToElement("华东"), [BatchSize] = JsonSerializer.SerializeToElement(50) } }),
        ApiExample.Of("seed", "The robot accepted: the task is running",
            TaskResource.Of(Row with { Status = RobotTaskStatus.Running, LastRunTime = SeedValues.RunStart.AddDays(1) }), StatusCodes.Status200OK),
    ];
}

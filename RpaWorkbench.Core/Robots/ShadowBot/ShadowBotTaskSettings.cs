namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>
/// How a task's runs are started as ShadowBot jobs (<c>Workbench:Robots:Mode=ShadowBot</c>): the app, the target —
/// the task's account, or a robot group when <see cref="GroupUuid"/> is set (the group wins, as in ShadowBot) — and
/// the queue settings. The run timeout is the task's own (<c>RobotTask.RunTimeout</c>), the parameters its config JSON.
/// </summary>
public sealed record ShadowBotTaskSettings
{
    public const int MaxUuidLength = 64;
    public const int MaxParamNameLength = 100;

    /// <summary>The ShadowBot app's UUID (控制台 → 应用管理 → 详情).</summary>
    public string? RobotUuid { get; init; }

    /// <summary>A robot group (robotClientGroupUuid); null to run on the task's account.</summary>
    public string? GroupUuid { get; init; }

    /// <summary>With a group: any one idle robot, or all of them.</summary>
    public ShadowBotExecuteScope? ExecuteScope { get; init; }

    public ShadowBotPriority? Priority { get; init; }

    /// <summary>How long the job may wait in ShadowBot's queue for a robot (60–950400 s; ShadowBot's default is 600).</summary>
    public int? WaitTimeoutSeconds { get; init; }

    /// <summary>The app's <c>file</c> input parameter that receives the task's config file; null sends no file.</summary>
    public string? FileParam { get; init; }
}

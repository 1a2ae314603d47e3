using RpaWorkbench.Core.Robots.ShadowBot;

namespace RpaWorkbench.Web.Features.Tasks;

/// <summary>The ShadowBot fields of the task dialog as the operator edits them; <see cref="ToSettings"/> is what is saved.</summary>
public sealed class ShadowBotSettingsForm
{
    public string? RobotUuid { get; set; }
    public string? GroupUuid { get; set; }
    public ShadowBotExecuteScope? ExecuteScope { get; set; }
    public ShadowBotPriority? Priority { get; set; }
    public int? WaitTimeoutSeconds { get; set; }
    public string? FileParam { get; set; }

    public static ShadowBotSettingsForm From(ShadowBotTaskSettings? settings) => new()
    {
        RobotUuid = settings?.RobotUuid,
        GroupUuid = settings?.GroupUuid,
        ExecuteScope = settings?.ExecuteScope,
        Priority = settings?.Priority,
        WaitTimeoutSeconds = settings?.WaitTimeoutSeconds,
        FileParam = settings?.FileParam,
    };

    // The execute scope belongs to the group: a scope left behind when the group is cleared is not sent.
    public ShadowBotTaskSettings ToSettings() => new()
    {
        RobotUuid = RobotUuid,
        GroupUuid = GroupUuid,
        ExecuteScope = string.IsNullOrWhiteSpace(GroupUuid) ? null : ExecuteScope,
        Priority = Priority,
        WaitTimeoutSeconds = WaitTimeoutSeconds,
        FileParam = FileParam,
    };
}

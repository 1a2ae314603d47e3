namespace RpaWorkbench.Core.Webhooks;

/// <summary><c>Workbench:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Workbench:Webhooks";

    /// <summary>Zone of robots' <c>yyyy-MM-dd HH:mm:ss</c> times (times with an offset carry their own).</summary>
    public string RobotTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>How far a sent <c>duration_seconds</c> may differ from end − start before the call is refused.</summary>
    public TimeSpan DurationTolerance { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most callbacks written in one transaction (group commit).</summary>
    public int MaxBatchSize { get; set; } = 512;
}

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

    /// <summary>
    /// Linux nice value of the writer thread (−20…19; 0 leaves it alone). The writer is the one serial step every
    /// callback waits for; at the default nice the scheduler gives it the same share as each request thread, so a batch
    /// took twice its CPU time under load. Raising it needs <c>CAP_SYS_NICE</c> or <c>LimitNICE</c>; without either the
    /// writer runs at normal priority and the start-up log says so.
    /// </summary>
    public int WriterNice { get; set; } = -10;
}

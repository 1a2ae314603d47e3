using System.ComponentModel.DataAnnotations;

namespace RpaWorkbench.Core.Webhooks;

/// <summary><c>Workbench:Webhooks</c>.</summary>
public sealed class WebhookOptions
{
    public const string SectionName = "Workbench:Webhooks";

    /// <summary>Zone of robots' <c>yyyy-MM-dd HH:mm:ss</c> times (times with an offset carry their own).</summary>
    [TimeZoneId]
    public string RobotTimeZone { get; set; } = "Asia/Shanghai";

    /// <summary>How far a sent <c>duration_seconds</c> may differ from end − start before the call is refused.</summary>
    [TimeSpanRange("00:00:00")]
    public TimeSpan DurationTolerance { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Most callbacks written in one transaction (group commit).</summary>
    [NumberRange(1, 10_000)]
    public int MaxBatchSize { get; set; } = 512;
}

[OptionsValidator]
internal sealed partial class WebhookOptionsValidator : IValidateOptions<WebhookOptions>;

internal static class WebhookServiceCollectionExtensions
{
    public static IServiceCollection AddWebhookOptions(this IServiceCollection services) =>
        services.AddWorkbenchOptions<WebhookOptions, WebhookOptionsValidator>(WebhookOptions.SectionName, SettingsGroups.Webhooks, s => s
            .Add(o => o.RobotTimeZone, "Settings.RobotTimeZone")
            .Add(o => o.DurationTolerance, "Settings.DurationTolerance")
            .Add(o => o.MaxBatchSize, "Settings.MaxBatchSize")).Services;
}

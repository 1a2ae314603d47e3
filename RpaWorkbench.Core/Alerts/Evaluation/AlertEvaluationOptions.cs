using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Core.Alerts.Evaluation;

/// <summary>How alert rules are evaluated (<c>Workbench:Alerts:Evaluation</c>).</summary>
public sealed class AlertEvaluationOptions
{
    public const string SectionName = "Workbench:Alerts:Evaluation";

    /// <summary>Off: this process evaluates no rule (another instance must).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Every rule is evaluated at least this often; a stored run, a robot, queue, batch or workflow change wakes it sooner.</summary>
    [TimeSpanRange("00:00:01", "00:10:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);
}

[OptionsValidator]
internal sealed partial class AlertEvaluationOptionsValidator : IValidateOptions<AlertEvaluationOptions>;

internal static class AlertEvaluationServiceCollectionExtensions
{
    public static IServiceCollection AddAlertEvaluation(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<AlertEvaluationOptions, AlertEvaluationOptionsValidator>(AlertEvaluationOptions.SectionName, SettingsGroups.Alerts, s => s
            .Add(o => o.Enabled, "Settings.AlertEvaluationEnabled")
            .Add(o => o.Interval, "Settings.AlertEvaluationInterval"));
        services.AddSingleton<RuleEvaluation>();
        services.AddSingleton<AlertEvaluator>();
        services.AddHostedService(sp => sp.GetRequiredService<AlertEvaluator>());
        return services;
    }
}

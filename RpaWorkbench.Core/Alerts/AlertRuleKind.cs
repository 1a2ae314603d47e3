namespace RpaWorkbench.Core.Alerts;

/// <summary>
/// What a rule watches. Stored and sent over REST by its snake_case name. The first group are conditions: an alert
/// fires when one holds and resolves when it clears. The second are occurrences: each is an alert of its own, with
/// nothing to resolve (repeats within the rule's de-duplication window are counted into the first).
/// </summary>
public enum AlertRuleKind
{
    /// <summary>Condition: a task's last <see cref="AlertRule.Threshold"/> runs all failed (resolves on its next success).</summary>
    FailuresInARow,

    /// <summary>Condition: under <see cref="AlertRule.Percent"/> % of the runs in the last <see cref="AlertRule.WindowMinutes"/> succeeded, counted when at least <see cref="AlertRule.MinRuns"/> ran; per app, account or task as <see cref="AlertRule.GroupBy"/> says.</summary>
    SuccessRateBelow,

    /// <summary>Condition: a robot has been offline for more than <see cref="AlertRule.Threshold"/> minutes.</summary>
    RobotOffline,

    /// <summary>Condition: a queued run has waited for a robot longer than <see cref="AlertRule.Threshold"/> minutes.</summary>
    QueuedTooLong,

    /// <summary>Occurrence: a run ended failed.</summary>
    RunFailed,

    /// <summary>Occurrence: a run timed out or was declared lost.</summary>
    RunTimedOutOrLost,

    /// <summary>Occurrence: a batch finished (every item ended).</summary>
    BatchFinished,

    /// <summary>Occurrence: a batch ended with failed items, or was cancelled.</summary>
    BatchFailed,

    /// <summary>Occurrence: a workflow run succeeded.</summary>
    WorkflowFinished,

    /// <summary>Occurrence: a workflow run failed.</summary>
    WorkflowFailed,
}

/// <summary>What a success-rate rule counts each rate over.</summary>
public enum AlertGroupBy
{
    App,
    Account,
    Task,
}

public static class AlertRuleKinds
{
    /// <summary>Whether alerts of this kind stay firing until the condition clears (and then resolve), rather than being one-off occurrences.</summary>
    public static bool IsCondition(this AlertRuleKind kind) =>
        kind is AlertRuleKind.FailuresInARow or AlertRuleKind.SuccessRateBelow or AlertRuleKind.RobotOffline or AlertRuleKind.QueuedTooLong;
}

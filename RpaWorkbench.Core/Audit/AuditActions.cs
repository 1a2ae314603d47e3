using RpaWorkbench.Core.ApiKeys;
namespace RpaWorkbench.Core.Audit;

/// <summary>
/// The stable action codes of the audit trail (<c>feature.what_happened</c>). Pages translate them; exports and
/// scripts match them. A new feature adds its codes here and to <see cref="All"/>.
/// </summary>
public static class AuditActions
{
    public const string AccountCreated = "account.created";
    public const string AccountUpdated = "account.updated";
    public const string AccountDeleted = "account.deleted";
    public const string GroupCreated = "group.created";
    public const string GroupUpdated = "group.updated";
    public const string GroupDeleted = "group.deleted";
    public const string BatchCreated = "batch.created";
    public const string BatchPaused = "batch.paused";
    public const string BatchResumed = "batch.resumed";
    public const string BatchCancelled = "batch.cancelled";
    public const string BatchFailedRetried = "batch.failed_retried";
    public const string WorkflowCreated = "workflow.created";
    public const string WorkflowUpdated = "workflow.updated";
    public const string WorkflowDeleted = "workflow.deleted";
    public const string WorkflowRunStarted = "workflow.run_started";
    public const string WorkflowRunPaused = "workflow.run_paused";
    public const string WorkflowRunResumed = "workflow.run_resumed";
    public const string WorkflowRunCancelled = "workflow.run_cancelled";
    public const string WorkflowRunRestarted = "workflow.run_restarted";
    public const string WorkflowStepApproved = "workflow.step_approved";
    public const string WorkflowStepRejected = "workflow.step_rejected";
    public const string UserCreated = "user.created";
    public const string UserRoleChanged = "user.role_changed";
    public const string UserDisabled = "user.disabled";
    public const string UserEnabled = "user.enabled";
    public const string UserPasswordReset = "user.password_reset";
    public const string UserPasswordChanged = "user.password_changed";
    public const string UserUnlocked = "user.unlocked";
    public const string UserSessionEnded = "user.session_ended";
    public const string UserSessionsEnded = "user.sessions_ended";
    public const string ApiKeyCreated = "apikey.created";
    public const string ApiKeyRevoked = "apikey.revoked";
    public const string SignInSucceeded = "signin.succeeded";
    public const string SignInFailed = "signin.failed";
    public const string SignInLockedOut = "signin.locked_out";

    /// <summary>A sign-in refused unchecked: its client address must wait after repeated failures.</summary>
    public const string SignInThrottled = "signin.throttled";
    public const string TaskStarted = "task.started";
    public const string TaskStopped = "task.stopped";
    public const string TaskForceStopped = "task.force_stopped";
    public const string TaskConfigFileChanged = "task.config_file_changed";
    public const string TaskCreated = "task.created";
    public const string TaskUpdated = "task.updated";
    public const string TaskDeleted = "task.deleted";

    /// <summary>A schedule's fire time passed but no run was started (robot busy, task not pending, agent refused).</summary>
    public const string TaskScheduleSkipped = "task.schedule_skipped";

    /// <summary>A start of a task that targets a group: its run waits in the dispatch queue for an idle robot.</summary>
    public const string TaskQueued = "task.queued";

    /// <summary>An operator removed a waiting run from the dispatch queue.</summary>
    public const string QueuedRunCancelled = "task.queued_run_cancelled";

    public const string AlertChannelCreated = "alert_channel.created";
    public const string AlertChannelUpdated = "alert_channel.updated";
    public const string AlertChannelDeleted = "alert_channel.deleted";
    public const string AlertRuleCreated = "alert_rule.created";
    public const string AlertRuleUpdated = "alert_rule.updated";
    public const string AlertRuleDeleted = "alert_rule.deleted";

    public static IReadOnlyList<string> All { get; } =
    [
        AccountCreated, AccountUpdated, AccountDeleted,
        GroupCreated, GroupUpdated, GroupDeleted,
        BatchCreated, BatchPaused, BatchResumed, BatchCancelled, BatchFailedRetried,
        WorkflowCreated, WorkflowUpdated, WorkflowDeleted, WorkflowRunStarted, WorkflowRunPaused, WorkflowRunResumed,
        WorkflowRunCancelled, WorkflowRunRestarted, WorkflowStepApproved, WorkflowStepRejected,
        UserCreated, UserRoleChanged, UserDisabled, UserEnabled, UserPasswordReset, UserPasswordChanged, UserUnlocked,
        UserSessionEnded, UserSessionsEnded,
        ApiKeyCreated, ApiKeyRevoked,
        SignInSucceeded, SignInFailed, SignInLockedOut, SignInThrottled,
        TaskCreated, TaskUpdated, TaskDeleted, TaskStarted, TaskStopped, TaskForceStopped, TaskScheduleSkipped, TaskConfigFileChanged,
        TaskQueued, QueuedRunCancelled,
        AlertChannelCreated, AlertChannelUpdated, AlertChannelDeleted,
        AlertRuleCreated, AlertRuleUpdated, AlertRuleDeleted,
    ];
}

/// <summary>What an audit entry is about.</summary>
public static class AuditTargetTypes
{
    public const string Account = "account";
    public const string Group = "group";
    public const string Batch = "batch";
    public const string Workflow = "workflow";
    public const string WorkflowRun = "workflow_run";
    public const string User = "user";
    public const string ApiKey = "apikey";
    public const string Task = "task";
    public const string AlertChannel = "alert_channel";
    public const string AlertRule = "alert_rule";

    public static IReadOnlyList<string> All { get; } = [Account, Group, Batch, Workflow, WorkflowRun, Task, User, ApiKey, AlertChannel, AlertRule];
}

/// <summary>Actors that are not a signed-in user.</summary>
public static class AuditActors
{
    /// <summary>The Workbench itself: start-up (bootstrap key and admin, demo), the set-up page.</summary>
    public const string System = "system";

    /// <summary>Someone who tried to sign in with a user name that does not exist (the typed name is not kept).</summary>
    public const string Anonymous = "anonymous";

    /// <summary>The <c>apikey</c> command line.</summary>
    public const string CommandLine = "cli";

    /// <summary>The task scheduler, starting runs when their schedule fires.</summary>
    public const string Scheduler = "scheduler";

    /// <summary>Prefix of a caller with an API key (<c>apikey:{key name} ({owner})</c>), so a key is never mistaken for a user of that name.</summary>
    public const string ApiKeyPrefix = "apikey:";
}

/// <summary>The thing an entry is about: its type, id and name at the time.</summary>
public sealed record AuditTarget(string Type, string Id, string Name);

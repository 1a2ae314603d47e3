using System.Text.Json.Serialization;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Live;

/// <summary>Something operators may be looking at changed; published after the change is committed.</summary>
/// <remarks>The short type names are the wire format between instances (<see cref="WorkbenchEventJson"/>): keep them.</remarks>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "t")]
[JsonDerivedType(typeof(AccountChanged), "account")]
[JsonDerivedType(typeof(GroupChanged), "group")]
[JsonDerivedType(typeof(TaskChanged), "task")]
[JsonDerivedType(typeof(LogCreated), "log")]
[JsonDerivedType(typeof(SessionsEnded), "sessions")]
[JsonDerivedType(typeof(QueueChanged), "queue")]
[JsonDerivedType(typeof(BatchChanged), "batch")]
[JsonDerivedType(typeof(WorkflowChanged), "workflow")]
[JsonDerivedType(typeof(WorkflowRunChanged), "workflow_run")]
[JsonDerivedType(typeof(AlertChanged), "alert")]
public abstract record WorkbenchEvent;

/// <summary>An account's status, heartbeat, recent app or registration changed.</summary>
public sealed record AccountChanged(long AccountId) : WorkbenchEvent;

/// <summary>A robot group was created, edited, deleted or its members changed.</summary>
public sealed record GroupChanged(long GroupId) : WorkbenchEvent;

/// <summary>A task's status or last run changed.</summary>
public sealed record TaskChanged(long TaskId) : WorkbenchEvent;

/// <summary>A run finished and its execution log was stored.</summary>
public sealed record LogCreated(long LogId, string ShadowBotAccount, string AppName, ExecutionStatus Status) : WorkbenchEvent;

/// <summary>One or more of a user's sign-in sessions ended (sign-out, password change, an admin): open pages re-check theirs.</summary>
public sealed record SessionsEnded(string UserId) : WorkbenchEvent;

/// <summary>Runs were queued, started, ended, expired or cancelled in the dispatch queue (for the task, when one).</summary>
public sealed record QueueChanged(long? TaskId) : WorkbenchEvent;

/// <summary>A batch's state, settings or items changed.</summary>
public sealed record BatchChanged(long BatchId) : WorkbenchEvent;

/// <summary>A workflow's definition was created, edited (a new version) or deleted.</summary>
public sealed record WorkflowChanged(long WorkflowId) : WorkbenchEvent;

/// <summary>A workflow run's state, a step's attempt or its log changed.</summary>
public sealed record WorkflowRunChanged(long RunId, long WorkflowId) : WorkbenchEvent;

/// <summary>An alert fired, repeated or resolved, or one of its messages was sent, held or failed (<see cref="AlertId"/> null for a digest or a test message).</summary>
public sealed record AlertChanged(long? AlertId) : WorkbenchEvent;

using System.Text;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// A ShadowBot job that has ended, as its native callback or job/query reports it; <see cref="ToCallback"/> makes the one
/// run both record, keyed by the jobUuid, so the callback and the reconciler's query of the same job store one run.
/// </summary>
public sealed record ShadowBotEndedJob(string JobUuid, ExecutionStatus Status, string Account, string App, DateTime StartUtc, DateTime EndUtc)
{
    /// <summary>The Workbench's run id when the Workbench started the job; the run's execution_id (the jobUuid otherwise).</summary>
    public string? IdempotentUuid { get; init; }

    public string? Message { get; init; }

    /// <summary>Kept only when it is an http(s) URL.</summary>
    public string? ScreenshotUrl { get; init; }

    public string? TaskUuid { get; init; }

    /// <summary>The output parameters as <see cref="ExecutionLog.Outputs"/> stores them (<see cref="RunOutputs"/>).</summary>
    public string? Outputs { get; init; }

    /// <summary>The Workbench task the run belongs to, when known (used only when it is the robot account's task).</summary>
    public long? TaskId { get; init; }

    public ExecutionCallback ToCallback()
    {
        var screenshotUrl = IsWebUrl(ScreenshotUrl) ? ScreenshotUrl!.Trim() : null;
        return new ExecutionCallback(
            new RobotIdentity(Account, null, null), App, Status, StartUtc, EndUtc, (EndUtc - StartUtc).TotalSeconds,
            TotalItems: 0, SuccessItems: 0, FailedItems: 0, LogInfo: false, Screenshot: screenshotUrl is not null, screenshotUrl,
            LogUrl: null, ExecutionId: IdempotentUuid ?? JobUuid, TaskId: TaskId,
            ErrorMessage: Status == ExecutionStatus.Completed ? null : Message,
            LogContent: LogContent(),
            ShadowBotJobUuid: JobUuid, Outputs: Outputs);
    }

    // The output parameters have their own column, so the text names only the job and its message.
    private string LogContent()
    {
        var text = new StringBuilder();
        text.Append("ShadowBot job ").Append(JobUuid);
        if (TaskUuid is not null)
        {
            text.Append(" (task ").Append(TaskUuid).Append(')');
        }

        text.Append('\n');
        if (Message is not null)
        {
            text.Append(Message).Append('\n');
        }

        return text.Length > CallbackParser.MaxLogContentLength ? text.ToString(0, CallbackParser.MaxLogContentLength) : text.ToString();
    }

    // ShadowBot sends screenshotUrl only on error; a value that is not a web address is dropped rather than refusing
    // the run (a refused callback is retried for a day and the run would be lost).
    private static bool IsWebUrl(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);
}

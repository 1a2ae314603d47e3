using System.Text;
using System.Text.Json;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>What a ShadowBot callback records: the runs of its ended jobs, and the jobs acknowledged but not stored.</summary>
public sealed record ShadowBotCallback(IReadOnlyList<ExecutionCallback> Runs, IReadOnlyList<string> NotEnded);

/// <summary>
/// Reads ShadowBot's native job and task callbacks (camelCase, as ShadowBot sends them; docs/robots-shadowbot-callbacks.md)
/// into execution callbacks for the ingest queue, or the list of every bad field (<c>jobList[1].status</c> for nested ones).
/// </summary>
public sealed class ShadowBotCallbackParser(RobotTime time)
{
    private static readonly Dictionary<string, ExecutionStatus> Ended = new(StringComparer.OrdinalIgnoreCase)
    {
        ["finish"] = ExecutionStatus.Completed,
        ["error"] = ExecutionStatus.Failed,
        ["stopped"] = ExecutionStatus.Stopped,
        ["cancel"] = ExecutionStatus.Stopped,
        ["skipped"] = ExecutionStatus.Stopped,
    };

    private static readonly HashSet<string> Running = new(StringComparer.OrdinalIgnoreCase) { "created", "waiting", "running", "stopping" };

    public ShadowBotCallback Parse(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationFailedException([new FieldError("body", ErrorCodes.WrongType, "The body must be a JSON object.")]);
        }

        var fields = new CallbackFields(body, time);
        var runs = new List<ExecutionCallback>();
        var notEnded = new List<string>();
        switch (fields.RequiredString("dataType", 16)?.Trim().ToLowerInvariant())
        {
            case "job":
                Job(fields, null, runs, notEnded);
                break;
            case "task":
                TaskJobs(fields, runs, notEnded);
                break;
            case null:
                break;
            default:
                fields.Reject("dataType", ErrorCodes.InvalidValue, "dataType must be 'job' or 'task'.");
                break;
        }

        if (fields.Errors.Count > 0)
        {
            throw new ValidationFailedException(fields.Errors);
        }

        return new ShadowBotCallback(runs, notEnded);
    }

    private static void TaskJobs(CallbackFields fields, List<ExecutionCallback> runs, List<string> notEnded)
    {
        var taskUuid = fields.OptionalIdentifier("taskUuid", 128);
        Status(fields);
        var task = new TaskContext(taskUuid, fields.TimeOrEpochMilliseconds("startTime"), fields.TimeOrEpochMilliseconds("endTime"),
            fields.OptionalIdentifier("idempotentUuid", 128));
        var jobs = fields.RequiredArray("jobList");
        foreach (var job in jobs ?? [])
        {
            Job(job, task, runs, notEnded);
        }
    }

    private static void Job(CallbackFields fields, TaskContext? task, List<ExecutionCallback> runs, List<string> notEnded)
    {
        var jobUuid = fields.RequiredString("jobUuid", 128)?.Trim();
        var (known, status) = Status(fields);
        var msg = NullIfBlank(fields.OptionalString("msg", CallbackParser.MaxErrorMessageLength));
        var start = fields.TimeOrEpochMilliseconds("startTime") ?? task?.Start;
        var end = fields.TimeOrEpochMilliseconds("endTime") ?? task?.End;
        var idempotentUuid = fields.OptionalIdentifier("idempotentUuid", 128) ?? task?.IdempotentUuid;
        var screenshot = fields.OptionalString("screenshotUrl", 2048);
        var outputs = CallbackOutputs.FromResult(fields, "result");
        if (!known || jobUuid is null)
        {
            return;
        }

        if (status is not { } ended)
        {
            notEnded.Add(jobUuid);
            return;
        }

        // Only an ended job is a run: it needs a robot, an app and its times.
        var account = Identifier(fields, "robotClientName", AccountRules.MaxAccountLength);
        var app = Identifier(fields, "robotName", CallbackParser.MaxAppNameLength);
        if (end is null)
        {
            fields.Reject("endTime", ErrorCodes.Required, "endTime is required when the job has ended.");
            return;
        }

        start ??= end;
        if (end < start)
        {
            fields.Reject("endTime", ErrorCodes.EndBeforeStart, "endTime must not be before startTime.");
        }

        if (account is null || app is null || end < start)
        {
            return;
        }

        var screenshotUrl = IsWebUrl(screenshot) ? screenshot!.Trim() : null;
        runs.Add(new ExecutionCallback(
            new RobotIdentity(account, null, null), app, ended, start.Value, end.Value, (end.Value - start.Value).TotalSeconds,
            TotalItems: 0, SuccessItems: 0, FailedItems: 0, LogInfo: false, Screenshot: screenshotUrl is not null, screenshotUrl,
            LogUrl: null, ExecutionId: idempotentUuid ?? jobUuid, TaskId: null,
            ErrorMessage: ended == ExecutionStatus.Completed ? null : msg,
            LogContent: LogContent(jobUuid, task?.TaskUuid, msg),
            ShadowBotJobUuid: jobUuid, Outputs: outputs));
    }

    // (false, _) for a status we do not know (rejected); (true, null) for a job or task that has not ended.
    private static (bool Known, ExecutionStatus? Ended) Status(CallbackFields fields)
    {
        var text = fields.RequiredString("status", 32)?.Trim();
        if (text is null)
        {
            return (false, null);
        }

        if (Ended.TryGetValue(text, out var status))
        {
            return (true, status);
        }

        if (Running.Contains(text))
        {
            return (true, null);
        }

        fields.Reject("status", ErrorCodes.InvalidValue,
            "status must be one of finish, error, stopped, cancel, skipped (ended) or created, waiting, running, stopping.");
        return (false, null);
    }

    private static string? Identifier(CallbackFields fields, string name, int maxLength)
    {
        var text = fields.RequiredString(name, maxLength);
        if (text is not null && IdentifierText.Check(name, name, text) is { } hidden)
        {
            fields.Reject(name, hidden.Code, hidden.Message);
            return null;
        }

        return text?.Trim();
    }

    // The output parameters have their own column (ExecutionLog.Outputs), so the text names only the job and its message.
    private static string LogContent(string jobUuid, string? taskUuid, string? msg)
    {
        var text = new StringBuilder();
        text.Append("ShadowBot job ").Append(jobUuid);
        if (taskUuid is not null)
        {
            text.Append(" (task ").Append(taskUuid).Append(')');
        }

        text.Append('\n');
        if (msg is not null)
        {
            text.Append(msg).Append('\n');
        }

        return text.Length > CallbackParser.MaxLogContentLength ? text.ToString(0, CallbackParser.MaxLogContentLength) : text.ToString();
    }

    // ShadowBot sends screenshotUrl only on error; a value that is not a web address is dropped rather than refusing
    // the run (a refused callback is retried for a day and the run would be lost).
    private static bool IsWebUrl(string? text) =>
        Uri.TryCreate(text?.Trim(), UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps);

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private sealed record TaskContext(string? TaskUuid, DateTime? Start, DateTime? End, string? IdempotentUuid);
}

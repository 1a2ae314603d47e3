using System.Text.Json;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Robots.ShadowBot;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>What a ShadowBot callback records: the runs of its ended jobs, and the jobs acknowledged but not stored.</summary>
public sealed record ShadowBotCallback(IReadOnlyList<ExecutionCallback> Runs, IReadOnlyList<string> NotEnded);

/// <summary>
/// Reads ShadowBot's native job and task callbacks (camelCase, as ShadowBot sends them; docs/robots-shadowbot-callbacks.md)
/// into execution callbacks for the ingest queue, or the list of every bad field (<c>jobList[1].status</c> for nested ones).
/// </summary>
public sealed class ShadowBotCallbackParser(RobotTime time)
{
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

        runs.Add(new ShadowBotEndedJob(jobUuid, ended, account, app, start.Value, end.Value)
        {
            IdempotentUuid = idempotentUuid,
            Message = msg,
            ScreenshotUrl = screenshot,
            TaskUuid = task?.TaskUuid,
            Outputs = outputs,
        }.ToCallback());
    }

    // (false, _) for a status we do not know (rejected); (true, null) for a job or task that has not ended.
    private static (bool Known, ExecutionStatus? Ended) Status(CallbackFields fields)
    {
        var text = fields.RequiredString("status", 32)?.Trim();
        if (text is null)
        {
            return (false, null);
        }

        if (ShadowBotJobStatuses.IsKnown(text))
        {
            return (true, ShadowBotJobStatuses.Outcome(text));
        }

        fields.Reject("status", ErrorCodes.InvalidValue, $"status must be one of {ShadowBotJobStatuses.Described}.");
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

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private sealed record TaskContext(string? TaskUuid, DateTime? Start, DateTime? End, string? IdempotentUuid);
}

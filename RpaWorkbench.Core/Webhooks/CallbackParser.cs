using System.Text.Json;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>Turns webhook JSON into validated callbacks, or the list of every bad field (snake_case, as sent).</summary>
public sealed class CallbackParser(RobotTime time, Microsoft.Extensions.Options.IOptions<WebhookOptions> options)
{
    public const int MaxAppNameLength = 200;
    public const int MaxErrorMessageLength = 4000;
    public const int MaxLogContentLength = 512 * 1024;

    private static readonly Dictionary<string, ExecutionStatus> RobotStatuses = new(StringComparer.OrdinalIgnoreCase)
    {
        ["completed"] = ExecutionStatus.Completed,
        ["failed"] = ExecutionStatus.Failed,
    };

    public HeartbeatCallback ParseHeartbeat(JsonElement body)
    {
        var fields = Fields(body);
        var robot = Robot(fields);
        ThrowIfInvalid(fields);
        return new HeartbeatCallback(robot);
    }

    public ConfirmCallback ParseConfirm(JsonElement body)
    {
        var fields = Fields(body);
        var robot = Robot(fields);
        var app = AppName(fields);
        var taskId = fields.OptionalInteger("task_id", 1, long.MaxValue);
        var start = fields.Time("start_time", required: false);
        ThrowIfInvalid(fields);
        return new ConfirmCallback(robot, app!.Trim(), taskId, start);
    }

    public ExecutionCallback ParseExecution(JsonElement body)
    {
        var fields = Fields(body);
        var robot = Robot(fields);
        var app = AppName(fields);
        var status = Status(fields);
        var start = fields.Time("start_time", required: true);
        var end = fields.Time("end_time", required: true);
        var duration = fields.OptionalNumber("duration_seconds", 0);
        var (total, success, failed) = Summary(fields);
        var logInfo = fields.OptionalBool("log_info");
        var screenshot = fields.OptionalBool("screenshot");
        var screenshotUrl = fields.OptionalUrl("screenshot_url");
        var logUrl = fields.OptionalUrl("log_url");
        var executionId = fields.OptionalIdentifier("execution_id", 128);
        var taskId = fields.OptionalInteger("task_id", 1, long.MaxValue);
        var errorMessage = fields.OptionalString("error_message", MaxErrorMessageLength);
        var logContent = fields.OptionalString("log_content", MaxLogContentLength);
        var outputs = CallbackOutputs.FromObject(fields, "outputs");

        var measured = CheckTimes(fields, start, end, duration);
        ThrowIfInvalid(fields);
        return new ExecutionCallback(
            robot, app!.Trim(), status!.Value, start!.Value, end!.Value, measured, total, success, failed,
            logInfo, screenshot, screenshotUrl, logUrl, executionId, taskId, NullIfBlank(errorMessage), NullIfBlank(logContent),
            Outputs: outputs);
    }

    private CallbackFields Fields(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationFailedException([new FieldError("body", ErrorCodes.WrongType, "The body must be a JSON object.")]);
        }

        return new CallbackFields(body, time);
    }

    private static RobotIdentity Robot(CallbackFields fields)
    {
        // As the account dialog rules: an operator must be able to adopt the unregistered account a callback creates.
        var account = Identifier(fields, AccountRules.AccountField, AccountRules.MaxAccountLength);

        var host = fields.OptionalString("host_ip", AccountRules.MaxHostLength);
        var port = fields.OptionalInteger("port", AccountRules.MinPort, AccountRules.MaxPort);
        var normalizedHost = string.IsNullOrWhiteSpace(host) ? null : AccountRules.NormalizeHost(host);
        if (!string.IsNullOrWhiteSpace(host) && normalizedHost is null)
        {
            fields.Reject("host_ip", ErrorCodes.InvalidHost, "host_ip must be a valid IPv4 address, IPv6 address or host name.");
        }

        return new RobotIdentity(account?.Trim() ?? "", normalizedHost, (int?)port);
    }

    // The app name is the task's, so the task form's rule.
    private static string? AppName(CallbackFields fields) => Identifier(fields, "app_name", MaxAppNameLength);

    private static string? Identifier(CallbackFields fields, string name, int maxLength)
    {
        var text = fields.RequiredString(name, maxLength);
        if (IdentifierText.Check(name, name, text) is { } hidden)
        {
            fields.Reject(name, hidden.Code, hidden.Message);
        }

        return text;
    }

    private static ExecutionStatus? Status(CallbackFields fields)
    {
        var text = fields.RequiredString("status", 32);
        if (text is null)
        {
            return null;
        }

        if (RobotStatuses.TryGetValue(text.Trim(), out var status))
        {
            return status;
        }

        fields.Reject("status", ErrorCodes.InvalidValue, "status must be 'completed' or 'failed'.");
        return null;
    }

    private static (int Total, int Success, int Failed) Summary(CallbackFields fields)
    {
        var summary = fields.OptionalObject("result_summary");
        if (summary is null)
        {
            return (0, 0, 0);
        }

        var total = summary.OptionalInteger("total_items", 0, int.MaxValue);
        var success = summary.OptionalInteger("success_items", 0, int.MaxValue) ?? 0;
        var failed = summary.OptionalInteger("failed_items", 0, int.MaxValue) ?? 0;
        if (total is { } sent && success + failed > sent)
        {
            fields.Reject("result_summary.total_items", ErrorCodes.CountsExceedTotal,
                "result_summary.success_items + failed_items must not exceed total_items.");
        }

        return ((int)Math.Min(total ?? success + failed, int.MaxValue), (int)success, (int)failed);
    }

    // The duration is computed when missing; a sent one must agree with the times.
    private double CheckTimes(CallbackFields fields, DateTime? start, DateTime? end, double? duration)
    {
        if (start is null || end is null)
        {
            return 0;
        }

        if (end < start)
        {
            fields.Reject("end_time", ErrorCodes.EndBeforeStart, "end_time must not be before start_time.");
            return 0;
        }

        var measured = (end.Value - start.Value).TotalSeconds;
        if (duration is { } sent && Math.Abs(sent - measured) > options.Value.DurationTolerance.TotalSeconds)
        {
            fields.Reject("duration_seconds", ErrorCodes.InconsistentDuration,
                $"duration_seconds ({sent}) does not match end_time - start_time ({measured} s).");
        }

        return duration ?? measured;
    }

    private static void ThrowIfInvalid(CallbackFields fields)
    {
        if (fields.Errors.Count > 0)
        {
            throw new ValidationFailedException(fields.Errors);
        }
    }

    private static string? NullIfBlank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}

using System.Text.Json;

namespace RpaWorkbench.Core.Tasks;

/// <summary>Validation of task input that needs no database or clock; the dialog and <see cref="TaskService"/> share these rules.</summary>
public static class TaskRules
{
    public const int MaxTaskNameLength = 128;
    public const int MaxAppNameLength = 200;
    public const int MaxCronLength = 128;
    public const int MaxConfigJsonLength = 65_536;
    public static readonly TimeSpan MaxRunTimeout = TimeSpan.FromDays(7);

    public const string TaskNameField = "task_name";
    public const string AccountField = "account_id";
    public const string GroupField = "group_id";
    public const string AppNameField = "app_name";
    public const string ConfigJsonField = "config_json";
    public const string TriggerTimeField = "trigger_time";
    public const string CronField = "cron_expression";
    public const string RunTimeoutField = "run_timeout";

    public static FieldError? CheckTaskName(string? name) => CheckText(TaskNameField, name, MaxTaskNameLength, "Task name");

    public static FieldError? CheckAppName(string? name) => CheckText(AppNameField, name, MaxAppNameLength, "App name");

    public static FieldError? CheckAccount(long? accountId) =>
        accountId is > 0 ? null : new FieldError(AccountField, ErrorCodes.Required, "Choose the robot account the task runs on.");

    /// <summary>Empty is fine (no config); otherwise it must be one well-formed JSON value.</summary>
    public static FieldError? CheckConfigJson(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return null;
        }

        if (json.Length > MaxConfigJsonLength)
        {
            return new FieldError(ConfigJsonField, ErrorCodes.TooLong, $"Config JSON must be at most {MaxConfigJsonLength} characters.", MaxConfigJsonLength);
        }

        try
        {
            using var _ = JsonDocument.Parse(json);
            return null;
        }
        catch (JsonException ex)
        {
            return new FieldError(ConfigJsonField, TaskErrorCodes.InvalidJson, $"Config JSON is not valid JSON: {ex.Message}");
        }
    }

    /// <summary>Empty is fine (no cron schedule); otherwise a standard 5-field expression.</summary>
    public static FieldError? CheckCron(string? expression)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return null;
        }

        if (expression.Trim().Length > MaxCronLength)
        {
            return new FieldError(CronField, ErrorCodes.TooLong, $"The cron expression must be at most {MaxCronLength} characters.", MaxCronLength);
        }

        return TaskSchedule.Parse(expression) is null
            ? new FieldError(CronField, TaskErrorCodes.InvalidCron, "Not a valid 5-field cron expression (minute hour day month weekday), e.g. 0 9 * * 1-5.")
            : null;
    }

    public static FieldError? CheckRunTimeout(TimeSpan? timeout) => timeout switch
    {
        null => null,
        { } t when t <= TimeSpan.Zero || t > MaxRunTimeout =>
            new FieldError(RunTimeoutField, ErrorCodes.OutOfRange, $"The run time-out must be more than 0 and at most {MaxRunTimeout.TotalDays:0} days."),
        _ => null,
    };

    /// <summary>Every error in the input that these rules can see, in form order.</summary>
    public static IReadOnlyList<FieldError> Validate(TaskInput input) =>
        new[]
        {
            CheckTaskName(input.TaskName), CheckAccount(input.AccountId), CheckAppName(input.AppName),
            CheckConfigJson(input.ConfigJson), CheckCron(input.CronExpression), CheckRunTimeout(input.RunTimeout),
        }.OfType<FieldError>().ToList();

    /// <summary>The JSON indented for reading (keys, order and values unchanged), or the text as given when it does not parse.</summary>
    public static string FormatJson(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, IndentedJson);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static readonly JsonSerializerOptions IndentedJson = new()
    {
        WriteIndented = true,
        // Chinese values stay readable instead of \uXXXX escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static FieldError? CheckText(string field, string? value, int max, string label)
    {
        var text = value?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return new FieldError(field, ErrorCodes.Required, $"{label} is required.");
        }

        if (text.Length > max)
        {
            return new FieldError(field, ErrorCodes.TooLong, $"{label} must be at most {max} characters.", max);
        }

        return IdentifierText.Check(field, label, text);
    }
}

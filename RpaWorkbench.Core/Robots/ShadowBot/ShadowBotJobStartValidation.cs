using System.Text.Json;

namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>The bounds ShadowBot's job/start documentation sets, checked before anything is sent; field names are ShadowBot's.</summary>
internal static class ShadowBotJobStartValidation
{
    public const int MinTimeoutSeconds = 60;
    public const int MaxTimeoutSeconds = 950_400;
    public const int MaxParamsLength = 10_000;
    public const int MaxIdempotentUuidLength = 36;

    private static readonly string[] ParamTypes = ["str", "int", "float", "bool", "file"];

    /// <summary>Throws <see cref="ValidationFailedException"/> naming every field that is out of bounds.</summary>
    public static void Check(ShadowBotJobStart start)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(start.RobotUuid))
        {
            errors.Add(new FieldError("robotUuid", ErrorCodes.Required, "robotUuid (the app's UUID) is required."));
        }

        CheckTarget(start, errors);
        CheckTimeout("waitTimeoutSeconds", start.WaitTimeoutSeconds, errors);
        CheckTimeout("runTimeout", start.RunTimeout, errors);
        CheckParams(start.Params, errors);
        if (start.IdempotentUuid is { Length: > MaxIdempotentUuidLength })
        {
            errors.Add(new FieldError("idempotentUuid", ErrorCodes.TooLong,
                $"idempotentUuid must be at most {MaxIdempotentUuidLength} characters.", MaxIdempotentUuidLength));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    /// <summary>The length ShadowBot limits: the params array as JSON, the way it is sent.</summary>
    public static int ParamsLength(IReadOnlyList<ShadowBotParam> parameters) =>
        JsonSerializer.Serialize(parameters, ShadowBotJson.Options).Length;

    private static void CheckTarget(ShadowBotJobStart start, List<FieldError> errors)
    {
        var hasAccount = !string.IsNullOrWhiteSpace(start.AccountName);
        var hasGroup = !string.IsNullOrWhiteSpace(start.RobotClientGroupUuid);
        if (hasAccount == hasGroup)
        {
            // ShadowBot silently prefers the group when both are set; refusing says which robot will run instead.
            errors.Add(new FieldError("accountName", hasAccount ? ErrorCodes.InvalidValue : ErrorCodes.Required,
                "Set exactly one of accountName (one robot) and robotClientGroupUuid (a robot group)."));
        }

        if (start.ExecuteScope is not null && !hasGroup)
        {
            errors.Add(new FieldError("executeScope", ErrorCodes.InvalidValue, "executeScope applies to a robot group (robotClientGroupUuid) only."));
        }
    }

    private static void CheckTimeout(string field, int? seconds, List<FieldError> errors)
    {
        if (seconds is < MinTimeoutSeconds or > MaxTimeoutSeconds)
        {
            errors.Add(new FieldError(field, ErrorCodes.OutOfRange,
                $"{field} must be between {MinTimeoutSeconds} and {MaxTimeoutSeconds} seconds."));
        }
    }

    private static void CheckParams(IReadOnlyList<ShadowBotParam> parameters, List<FieldError> errors)
    {
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            if (string.IsNullOrWhiteSpace(parameter.Name))
            {
                errors.Add(new FieldError($"params[{i}].name", ErrorCodes.Required, "Every parameter needs a name."));
            }

            if (!ParamTypes.Contains(parameter.Type, StringComparer.Ordinal))
            {
                errors.Add(new FieldError($"params[{i}].type", ErrorCodes.InvalidValue,
                    $"params[{i}].type must be one of {string.Join(", ", ParamTypes)}."));
            }
        }

        if (ParamsLength(parameters) > MaxParamsLength)
        {
            errors.Add(new FieldError("params", ErrorCodes.TooLong,
                $"params must be at most {MaxParamsLength} characters long as JSON.", MaxParamsLength));
        }
    }
}

using System.Globalization;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// Validation of a task's declared parameters (names as REST shows them: <c>parameters[2].name</c>). The default of a
/// declaration is checked by the same value rules a run's values meet (<see cref="ParameterValues"/>).
/// </summary>
public static class TaskParameterRules
{
    public const string Field = "parameters";
    public const int MinMaxLength = 1;
    public const int MaxMaxLength = 10_000;

    /// <summary>Stable codes of the refusals below; the UI translates them.</summary>
    public const string InvalidNameCode = "ParameterInvalidName";
    public const string DuplicateNameCode = "ParameterDuplicateName";
    public const string TooManyCode = "ParameterTooMany";
    public const string MaxLengthNotAllowedCode = "ParameterMaxLengthNotAllowed";

    /// <summary>The declarations trimmed (blank default and description become null), in the order given.</summary>
    public static IReadOnlyList<TaskParameter> Normalize(IReadOnlyList<TaskParameter>? parameters) =>
        parameters is null ? [] : [.. parameters.Select(p => p with
        {
            Name = p.Name?.Trim() ?? "",
            Default = Blank(p.Default),
            Description = Blank(p.Description),
        })];

    /// <summary>Every refusal of the (normalized) declarations.</summary>
    public static IReadOnlyList<FieldError> Validate(IReadOnlyList<TaskParameter> parameters)
    {
        var errors = new List<FieldError>();
        if (parameters.Count > TaskParameter.MaxParameters)
        {
            errors.Add(new FieldError(Field, TooManyCode, $"A task declares at most {TaskParameter.MaxParameters} parameters.", TaskParameter.MaxParameters));
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < parameters.Count; i++)
        {
            var parameter = parameters[i];
            var at = $"{Field}[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (CheckName($"{at}.name", parameter.Name) is { } nameError)
            {
                errors.Add(nameError);
            }
            else if (!seen.Add(parameter.Name))
            {
                errors.Add(new FieldError($"{at}.name", DuplicateNameCode, $"Another parameter is already named \"{parameter.Name}\" (names ignore case)."));
            }

            if (!Enum.IsDefined(parameter.Type))
            {
                errors.Add(new FieldError($"{at}.type", ErrorCodes.InvalidValue, "The type is one of text, integer, decimal, boolean, date, file."));
                continue;
            }

            if (CheckMaxLength($"{at}.max_length", parameter) is { } lengthError)
            {
                errors.Add(lengthError);
            }
            else if (CheckDefault($"{at}.default", parameter) is { } defaultError)
            {
                errors.Add(defaultError);
            }

            if (CheckDescription($"{at}.description", parameter.Description) is { } descriptionError)
            {
                errors.Add(descriptionError);
            }
        }

        return errors;
    }

    /// <summary>Names a robot can use as a variable: letters (Chinese too), digits, <c>_</c> and <c>-</c>, not starting with a digit.</summary>
    public static FieldError? CheckName(string field, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return new FieldError(field, ErrorCodes.Required, "The parameter name is required.");
        }

        if (name.Length > TaskParameter.MaxNameLength)
        {
            return new FieldError(field, ErrorCodes.TooLong, $"The parameter name must be at most {TaskParameter.MaxNameLength} characters.", TaskParameter.MaxNameLength);
        }

        return char.IsAsciiDigit(name[0]) || !name.All(c => char.IsLetterOrDigit(c) || c is '_' or '-')
            ? new FieldError(field, InvalidNameCode, "A parameter name holds letters, digits, _ and - only, and does not start with a digit.")
            : null;
    }

    /// <summary>A declared default is a valid value of its parameter (blank: no default).</summary>
    public static FieldError? CheckDefault(string field, TaskParameter parameter) =>
        string.IsNullOrWhiteSpace(parameter.Default) || ParameterValues.Parse(parameter, parameter.Default.Trim(), out _) is not { } problem
            ? null
            : new FieldError(field, problem.Code, $"The default is not a valid value: {problem.Message}", problem.Limit);

    public static FieldError? CheckDescription(string field, string? description) =>
        description?.Trim() is { Length: > TaskParameter.MaxDescriptionLength }
            ? new FieldError(field, ErrorCodes.TooLong, $"The description must be at most {TaskParameter.MaxDescriptionLength} characters.", TaskParameter.MaxDescriptionLength)
            : null;

    /// <summary>A maximum length, only for text and file parameters, of 1 to 10,000.</summary>
    public static FieldError? CheckMaxLength(string field, TaskParameter parameter) => parameter.MaxLength switch
    {
        null => null,
        not null when parameter.Type is not (TaskParameterType.Text or TaskParameterType.File) =>
            new FieldError(field, MaxLengthNotAllowedCode, "A maximum length applies to text and file parameters only."),
        < MinMaxLength or > MaxMaxLength =>
            new FieldError(field, ErrorCodes.OutOfRange, $"The maximum length is {MinMaxLength} to {MaxMaxLength} characters.", MaxMaxLength),
        _ => null,
    };

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>A run's checked parameter values: by declared name, in declared order, or the errors that refused them.</summary>
public sealed record ParameterCheck(IReadOnlyDictionary<string, string> Values, IReadOnlyList<FieldError> Errors)
{
    public bool IsValid => Errors.Count == 0;
}

/// <summary>
/// The value rules of declared parameters: what a start with values and (later) each batch row is checked by. Pure and
/// database-free. Values arrive as text; the effective value is trimmed and written in one form per type (integer and
/// decimal in invariant culture, boolean <c>true</c>/<c>false</c>, date <c>yyyy-MM-dd</c>), so robots parse one form.
/// </summary>
public static class ParameterValues
{
    public const string InvalidIntegerCode = "ParameterInvalidInteger";
    public const string InvalidDecimalCode = "ParameterInvalidDecimal";
    public const string InvalidBooleanCode = "ParameterInvalidBoolean";
    public const string InvalidDateCode = "ParameterInvalidDate";
    public const string UnknownCode = "ParameterUnknown";

    private static readonly string[] DateFormats = ["yyyy-MM-dd", "yyyy/MM/dd"];

    /// <summary>The field a value's error is named by: <c>parameters.region</c>.</summary>
    public static string FieldOf(string name) => TaskParameterRules.Field + "." + name;

    /// <summary>
    /// The effective values (given ones checked, missing ones from the default, names matched ignoring case) or an
    /// error per parameter: a required one without value or default, a name not declared, a value its type refuses.
    /// A blank value counts as not given.
    /// </summary>
    public static ParameterCheck Check(IReadOnlyList<TaskParameter> declared, IReadOnlyDictionary<string, string?>? given)
    {
        var values = new Dictionary<string, string>(declared.Count, StringComparer.OrdinalIgnoreCase);
        List<FieldError>? errors = null;
        foreach (var parameter in declared)
        {
            var text = Given(given, parameter.Name) ?? parameter.Default?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                if (parameter.Required)
                {
                    (errors ??= []).Add(new FieldError(FieldOf(parameter.Name), ErrorCodes.Required, $"The parameter \"{parameter.Name}\" needs a value."));
                }

                continue;
            }

            if (Parse(parameter, text, out var value) is { } problem)
            {
                (errors ??= []).Add(problem with { Field = FieldOf(parameter.Name) });
            }
            else
            {
                values[parameter.Name] = value;
            }
        }

        foreach (var name in given?.Keys ?? [])
        {
            if (!declared.Any(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                (errors ??= []).Add(new FieldError(FieldOf(name), UnknownCode, $"The task declares no parameter \"{name}\"."));
            }
        }

        return new ParameterCheck(values, errors ?? (IReadOnlyList<FieldError>)[]);
    }

    /// <summary>Checks one non-blank value (already trimmed) against its parameter: null and the effective value, or the error (its field left empty).</summary>
    public static FieldError? Parse(TaskParameter parameter, string text, out string value)
    {
        value = text;
        switch (parameter.Type)
        {
            case TaskParameterType.Integer when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number):
                value = number.ToString(CultureInfo.InvariantCulture);
                return null;
            case TaskParameterType.Integer:
                return Refused(InvalidIntegerCode, $"\"{text}\" is not a whole number (digits, an optional sign).");
            case TaskParameterType.Decimal when decimal.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number):
                value = number.ToString(CultureInfo.InvariantCulture);
                return null;
            case TaskParameterType.Decimal:
                return Refused(InvalidDecimalCode, $"\"{text}\" is not a number (digits with . as the decimal separator).");
            case TaskParameterType.Boolean when Boolean(text) is { } flag:
                value = flag ? "true" : "false";
                return null;
            case TaskParameterType.Boolean:
                return Refused(InvalidBooleanCode, $"\"{text}\" is not a yes/no value (true, false, 1, 0, yes, no, 是, 否).");
            case TaskParameterType.Date when DateOnly.TryParseExact(text, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date):
                value = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                return null;
            case TaskParameterType.Date:
                return Refused(InvalidDateCode, $"\"{text}\" is not a date written yyyy-MM-dd.");
            default:
                var max = parameter.MaxLength ?? TaskParameterRules.MaxMaxLength;
                return text.Length > max ? new FieldError("", ErrorCodes.TooLong, $"The value must be at most {max} characters.", max) : null;
        }
    }

    private static string? Given(IReadOnlyDictionary<string, string?>? given, string name)
    {
        if (given is null)
        {
            return null;
        }

        if (!given.TryGetValue(name, out var text))
        {
            foreach (var (key, candidate) in given)
            {
                if (string.Equals(key, name, StringComparison.OrdinalIgnoreCase))
                {
                    text = candidate;
                    break;
                }
            }
        }

        return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
    }

    private static bool? Boolean(string text) => text.ToLowerInvariant() switch
    {
        "true" or "1" or "yes" or "是" => true,
        "false" or "0" or "no" or "否" => false,
        _ => null,
    };

    private static FieldError Refused(string code, string message) => new("", code, message);
}

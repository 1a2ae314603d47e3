namespace RpaWorkbench.Core.Groups;

/// <summary>Validation of group input; the dialog and the service share these rules.</summary>
public static class RobotGroupRules
{
    public const string NameField = "name";
    public const string DescriptionField = "description";
    public const string AccountIdsField = "account_ids";

    /// <summary>The error for the name, or null when it is acceptable.</summary>
    public static FieldError? CheckName(string? name)
    {
        var value = name?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return new FieldError(NameField, ErrorCodes.Required, "Name is required.");
        }

        if (value.Length > RobotGroup.MaxNameLength)
        {
            return new FieldError(NameField, ErrorCodes.TooLong, $"Name must be at most {RobotGroup.MaxNameLength} characters.", RobotGroup.MaxNameLength);
        }

        return IdentifierText.Check(NameField, "Name", value);
    }

    /// <summary>The error for the description, or null when it is acceptable (it may be empty).</summary>
    public static FieldError? CheckDescription(string? description) =>
        description?.Trim().Length > RobotGroup.MaxDescriptionLength
            ? new FieldError(DescriptionField, ErrorCodes.TooLong,
                $"Description must be at most {RobotGroup.MaxDescriptionLength} characters.", RobotGroup.MaxDescriptionLength)
            : null;

    /// <summary>Every error in the input, in field order.</summary>
    public static IReadOnlyList<FieldError> Validate(RobotGroupInput input) =>
        new[] { CheckName(input.Name), CheckDescription(input.Description) }.OfType<FieldError>().ToList();
}

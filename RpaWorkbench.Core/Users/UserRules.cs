using Microsoft.AspNetCore.Identity;

namespace RpaWorkbench.Core.Users;

/// <summary>Field names, limits and the translation of Identity's errors into the Workbench's field errors.</summary>
public static class UserRules
{
    public const string UserNameField = "userName";
    public const string DisplayNameField = "displayName";
    public const string PasswordField = "password";
    public const string ConfirmPasswordField = "confirmPassword";
    public const string CurrentPasswordField = "currentPassword";
    public const string RoleField = "role";
    public const int MaxUserNameLength = 64;
    public const int MaxDisplayNameLength = 100;

    /// <summary>Checks what Identity does not: presence, lengths and that the confirmation matches.</summary>
    public static List<FieldError> Validate(NewUser input)
    {
        var errors = new List<FieldError>();
        var userName = input.UserName?.Trim();
        if (string.IsNullOrEmpty(userName))
        {
            errors.Add(new FieldError(UserNameField, ErrorCodes.Required, "A user name is required."));
        }
        else if (userName.Length > MaxUserNameLength)
        {
            errors.Add(new FieldError(UserNameField, ErrorCodes.TooLong, $"At most {MaxUserNameLength} characters.", MaxUserNameLength));
        }
        else if (IdentifierText.Check(UserNameField, "The user name", userName) is { } hiddenInName)
        {
            errors.Add(hiddenInName);
        }

        var displayName = input.DisplayName?.Trim();
        if (displayName?.Length > MaxDisplayNameLength)
        {
            errors.Add(new FieldError(DisplayNameField, ErrorCodes.TooLong, $"At most {MaxDisplayNameLength} characters.", MaxDisplayNameLength));
        }
        else if (IdentifierText.Check(DisplayNameField, "The display name", displayName) is { } hiddenInDisplayName)
        {
            errors.Add(hiddenInDisplayName);
        }

        errors.AddRange(ValidateNewPassword(input.Password, input.ConfirmPassword));
        return errors;
    }

    /// <summary>The error for a role, or null when it is one of <see cref="Roles.All"/>.</summary>
    public static FieldError? CheckRole(string? role) => role switch
    {
        null or "" => new FieldError(RoleField, ErrorCodes.Required, "A role is required."),
        _ when !Roles.All.Contains(role) => new FieldError(RoleField, ErrorCodes.InvalidValue, $"The role must be one of {string.Join(", ", Roles.All)}."),
        _ => null,
    };

    public static IEnumerable<FieldError> ValidateNewPassword(string? password, string? confirmation)
    {
        if (string.IsNullOrEmpty(password))
        {
            yield return new FieldError(PasswordField, ErrorCodes.Required, "A password is required.");
        }
        else if (password != confirmation)
        {
            yield return new FieldError(ConfirmPasswordField, ErrorCodes.PasswordsDiffer, "The two passwords differ.");
        }
    }

    /// <summary>Identity's errors as field errors: stable codes, Identity's English text, the length limit where one applies.</summary>
    public static ValidationFailedException ToValidationFailure(IdentityResult result, IdentityOptions options) =>
        new(result.Errors.Select(e => ToFieldError(e, options)).ToList());

    private static FieldError ToFieldError(IdentityError error, IdentityOptions options) => error.Code switch
    {
        nameof(IdentityErrorDescriber.PasswordTooShort) =>
            new FieldError(PasswordField, ErrorCodes.PasswordTooShort, error.Description, options.Password.RequiredLength),
        nameof(IdentityErrorDescriber.PasswordMismatch) => new FieldError(CurrentPasswordField, ErrorCodes.PasswordMismatch, "The current password is not correct."),
        nameof(IdentityErrorDescriber.DuplicateUserName) => new FieldError(UserNameField, ErrorCodes.DuplicateUserName, error.Description),
        nameof(IdentityErrorDescriber.InvalidUserName) => new FieldError(UserNameField, ErrorCodes.InvalidUserName, error.Description),
        _ when error.Code.StartsWith("Password", StringComparison.Ordinal) => new FieldError(PasswordField, error.Code, error.Description),
        _ => new FieldError(UserNameField, error.Code, error.Description),
    };
}

/// <summary>What a form sends to create a user.</summary>
public sealed record NewUser(string? UserName, string? DisplayName, string? Password, string? ConfirmPassword);

/// <summary>What pages see of a user (never the password hash).</summary>
public sealed record UserInfo(string Id, string UserName, string? DisplayName, bool IsDisabled, DateTime CreatedAt);

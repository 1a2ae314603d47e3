using Microsoft.Extensions.Localization;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Components.Shared;

/// <summary>Operator-language text for the stable error codes Core reports.</summary>
public static class ErrorText
{
    /// <summary>A field check's message for a form field's validation: null when the value is fine.</summary>
    public static string? Message(this IStringLocalizer<UiText> l, FieldError? error) => error is null ? null : l.Describe(error);

    public static string Describe(this IStringLocalizer<UiText> l, FieldError error) => error.Code switch
    {
        ErrorCodes.TooLong => l["Error.TooLong", error.Limit ?? AccountRules.MaxAccountLength],
        ErrorCodes.PasswordTooShort => l["Error.PasswordTooShort", error.Limit ?? 0],
        ErrorCodes.PortOutOfRange => l["Error.PortOutOfRange", AccountRules.MinPort, AccountRules.MaxPort],
        ErrorCodes.FileTooLarge => l["Error.FileTooLarge", (error.Limit ?? 0) / 1024],
        ErrorCodes.InvalidCharacters when error.Limit is { } refused => l["Error.InvalidCharacters", IdentifierText.Name(refused)],
        _ => Localized(l, error.Code, error.Message),
    };

    public static string Describe(this IStringLocalizer<UiText> l, RuleViolationException error) =>
        error.Code == ErrorCodes.AccountHasTasks && error.Count is { } count
            ? l["Error.AccountHasTasksCount", count]
            : Localized(l, error.Code, error.Message);

    public static string Describe(this IStringLocalizer<UiText> l, AccessDeniedException error) => Localized(l, error.Code, error.Message);

    /// <summary>The message for a refusal the Core reports (bad input, a broken rule, no permission), or null for any other exception.</summary>
    public static string? DescribeRefusal(this IStringLocalizer<UiText> l, Exception error) => error switch
    {
        ValidationFailedException invalid => string.Join(" ", invalid.Errors.Select(l.Describe)),
        RuleViolationException rule => l.Describe(rule),
        AccessDeniedException denied => l.Describe(denied),
        _ => null,
    };

    /// <summary>
    /// The messages for one field of a form, or null when the field is fine. An error of a part of the field
    /// (<c>config_json.region</c>) is shown there too, after the part's name.
    /// </summary>
    public static string? MessageFor(this IStringLocalizer<UiText> l, IReadOnlyList<FieldError> errors, string field) =>
        errors.Select(e => e.Field == field ? l.Describe(e)
                : e.Field.StartsWith(field + ".", StringComparison.Ordinal) ? $"{e.Field[(field.Length + 1)..]}: {l.Describe(e)}"
                : null)
            .OfType<string>().ToList() is { Count: > 0 } messages ? string.Join(" ", messages) : null;

    private static string Localized(IStringLocalizer<UiText> l, string code, string fallback)
    {
        var text = l["Error." + code];
        return text.ResourceNotFound ? fallback : text.Value;
    }
}

using Microsoft.Extensions.Localization;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Components.Shared;

/// <summary>Operator-language text for the stable error codes Core reports.</summary>
public static class ErrorText
{
    public static string Describe(this IStringLocalizer<UiText> l, FieldError error) => error.Code switch
    {
        ErrorCodes.TooLong => l["Error.TooLong", error.Limit ?? AccountRules.MaxAccountLength],
        ErrorCodes.PasswordTooShort => l["Error.PasswordTooShort", error.Limit ?? 0],
        ErrorCodes.PortOutOfRange => l["Error.PortOutOfRange", AccountRules.MinPort, AccountRules.MaxPort],
        _ => Localized(l, error.Code, error.Message),
    };

    public static string Describe(this IStringLocalizer<UiText> l, RuleViolationException error) =>
        error.Code == ErrorCodes.AccountHasTasks && error.Count is { } count
            ? l["Error.AccountHasTasksCount", count]
            : Localized(l, error.Code, error.Message);

    public static string Describe(this IStringLocalizer<UiText> l, AccessDeniedException error) => Localized(l, error.Code, error.Message);

    private static string Localized(IStringLocalizer<UiText> l, string code, string fallback)
    {
        var text = l["Error." + code];
        return text.ResourceNotFound ? fallback : text.Value;
    }
}

using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Users;

/// <summary>
/// Base of the statically rendered form pages (sign-in, set-up, password). They are not interactive because they
/// set the sign-in cookie; their MudBlazor fields post plain named inputs bound with <c>[SupplyParameterFromForm]</c>.
/// </summary>
public abstract class StaticFormPage : ComponentBase
{
    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }

    [CascadingParameter] public HttpContext HttpContext { get; set; } = default!;

    /// <summary>A message for the whole form (wrong password, already set up, ...), shown above it.</summary>
    protected string? FormError { get; set; }

    private IReadOnlyList<FieldError> FieldErrors { get; set; } = [];

    protected bool IsGet => HttpMethods.IsGet(HttpContext.Request.Method);

    protected CancellationToken Aborted => HttpContext.RequestAborted;

    /// <summary>The localised messages for one field, or null when it is fine.</summary>
    protected string? ErrorFor(string field) => L.MessageFor(FieldErrors, field);

    protected void Show(ValidationFailedException error) => FieldErrors = error.Errors;

    /// <summary>The name the form posts a field under (bound by <c>[SupplyParameterFromForm]</c>) and the browser's autofill hint.</summary>
    protected static Dictionary<string, object?> Field(string name, string autocomplete) =>
        new() { ["name"] = name, ["autocomplete"] = autocomplete };
}

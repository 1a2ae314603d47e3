using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Components.Shared;

/// <summary>
/// Base of dialogs whose form is checked by a Core service: a refusal is shown on the fields it names, or above the
/// form (a broken rule, someone else's change since the dialog opened, no permission); the dialog stays open so the
/// operator can correct it. The markup is a <see cref="FormDialog"/> given <see cref="FormError"/> and
/// <see cref="Saving"/>; Core calls take <see cref="LifetimeComponent.Closing"/>.
/// </summary>
public abstract class CoreFormDialog : LifetimeComponent
{
    [CascadingParameter] public required IMudDialogInstance Dialog { get; set; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    /// <summary>A message for the whole form, shown above it.</summary>
    protected string? FormError { get; private set; }

    /// <summary>True while the Core answers.</summary>
    protected bool Saving { get; private set; }

    private IReadOnlyList<FieldError> FieldErrors { get; set; } = [];

    /// <summary>True for a dialog whose fields do not show <see cref="ErrorFor"/>: the Core's field errors then go above the form.</summary>
    protected virtual bool FieldErrorsAboveForm => false;

    /// <summary>The localised messages for one field, or null when it is fine.</summary>
    protected string? ErrorFor(string field) => L.MessageFor(FieldErrors, field);

    /// <summary>Runs <paramref name="save"/>; returns its result, or null when the Core refused (the refusal is shown).</summary>
    protected async Task<T?> SubmitAsync<T>(Func<Task<T>> save) where T : class
    {
        Saving = true;
        FormError = null;
        FieldErrors = [];
        try
        {
            return await save();
        }
        catch (ValidationFailedException ex) when (!FieldErrorsAboveForm)
        {
            FieldErrors = ex.Errors;
            return null;
        }
        catch (Exception ex) when (L.DescribeRefusal(ex) is { } refusal)
        {
            FormError = refusal;
            return null;
        }
        finally
        {
            Saving = false;
        }
    }

    /// <summary>Runs <paramref name="save"/> and closes the dialog with its result when the Core accepted it.</summary>
    protected async Task SubmitAndCloseAsync<T>(Func<Task<T>> save) where T : class
    {
        if (await SubmitAsync(save) is { } result)
        {
            Dialog.Close(DialogResult.Ok(result));
        }
    }
}

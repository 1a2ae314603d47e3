using Microsoft.Extensions.Localization;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Components.Shared;

/// <summary>Runs a change through a Core service from a page: a snackbar says it was done, or why the Core refused it.</summary>
public static class CoreAction
{
    /// <summary>Runs <paramref name="change"/>; returns whether it succeeded. Refusals are shown, other errors propagate.</summary>
    public static async Task<bool> RunAsync(ISnackbar snackbar, IStringLocalizer<UiText> l, Func<Task> change, string done)
    {
        try
        {
            await change();
            snackbar.Add(done, Severity.Success);
            return true;
        }
        catch (Exception ex) when (l.DescribeRefusal(ex) is { } refusal)
        {
            snackbar.Add(refusal, Severity.Error);
            return false;
        }
    }

    /// <summary>Asks <paramref name="question"/> first; runs the change only when the operator confirms.</summary>
    public static async Task<bool> ConfirmAndRunAsync(
        IDialogService dialogs, ISnackbar snackbar, IStringLocalizer<UiText> l, Confirmation confirmation, Func<Task> change, string done) =>
        await dialogs.ShowMessageBoxAsync(confirmation.Title, confirmation.Question, yesText: confirmation.Yes, cancelText: l["Common.Cancel"]) == true
        && await RunAsync(snackbar, l, change, done);
}

/// <summary>A confirmation dialog's title, question and the label of its "yes" button.</summary>
public sealed record Confirmation(string Title, string Question, string Yes);

using Microsoft.Extensions.Localization;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Infrastructure.Localization;

/// <summary>
/// Gives MudBlazor's components (pagers, pickers, dialogs, grid menus) their text in the page's culture from
/// <see cref="MudBlazorText"/>; a key without a translation is reported as not found, so MudBlazor shows its English.
/// </summary>
public sealed class WorkbenchMudLocalizer(IStringLocalizer<MudBlazorText> text) : MudLocalizer
{
    public override LocalizedString this[string key] => text[key];

    public override LocalizedString this[string key, params object[] arguments] => text[key, arguments];
}

using Microsoft.AspNetCore.Components;
using RouteData = Microsoft.AspNetCore.Components.RouteData;
using Microsoft.JSInterop;

namespace RpaWorkbench.Web.Components.Layout;

/// <summary>
/// Moves focus to the new page's heading after an in-app navigation, as Blazor's <c>FocusOnNavigate</c> does, so a
/// screen reader announces the page and the next Tab starts there. Unlike it, not on the first page of a visit: a
/// page opened from the address bar or a bookmark is announced by the browser, and script focus before any click
/// counts as keyboard focus in Chromium, which would draw the focus ring for mouse users too.
/// </summary>
public sealed class FocusHeadingAfterNavigation : ComponentBase
{
    private Type? _shownPage;
    private bool _focusAfterRender;

    [Inject] public required IJSRuntime JS { get; init; }

    [Parameter, EditorRequired] public required RouteData RouteData { get; set; }

    /// <summary>The element to focus, e.g. <c>h1</c>.</summary>
    [Parameter] public string Selector { get; set; } = "h1";

    protected override void OnParametersSet()
    {
        if (RouteData.PageType != _shownPage)
        {
            _focusAfterRender = _shownPage is not null;
            _shownPage = RouteData.PageType;
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_focusAfterRender)
        {
            _focusAfterRender = false;
            await JS.InvokeVoidAsync("workbench.focusFirst", Selector);
        }
    }
}

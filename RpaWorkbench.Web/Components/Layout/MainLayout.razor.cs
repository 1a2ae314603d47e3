using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Components.Layout;

public partial class MainLayout
{
    private bool _drawerOpen;
    private bool _isDark;
    private bool _interactive;
    private ErrorBoundary? _errorBoundary;

    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required OperatorTime Time { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }

    [CascadingParameter(Name = ThemeCookie.CascadingName)]
    public bool InitialDarkMode { get; set; }

    private string TimeZoneLabel => $"{Time.Zone.Id} ({Time.OffsetLabel(Clock.GetUtcNow().UtcDateTime)})";

    protected override void OnInitialized() => _isDark = InitialDarkMode;

    // A page that failed should not stay failed after the operator navigates elsewhere.
    protected override void OnParametersSet() => _errorBoundary?.Recover();

    // Marks the page as live (circuit connected) so scripts and browser tests know clicks will be handled.
    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _interactive = true;
            StateHasChanged();
        }
    }

    private async Task ToggleDarkModeAsync()
    {
        _isDark = !_isDark;
        await JS.InvokeVoidAsync("workbench.setCookie", ThemeCookie.Name, _isDark ? ThemeCookie.Dark : ThemeCookie.Light);
    }
}

using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using Microsoft.JSInterop;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Executions;

/// <summary>
/// One run, linkable as <c>/logs/{id}</c>: every field, the screenshot as a thumbnail (click to enlarge) and the log
/// text, both through the resource proxy, with downloads. A stored <c>log_content</c> is shown as is; a log that only
/// has a URL is fetched by the browser through the proxy and shown as plain text.
/// </summary>
public partial class LogDetail : LifetimeComponent
{
    private ExecutionLogDetail? _log;
    private bool _loaded;
    private string? _refusal;
    private bool _screenshotOpen;
    private ElementReference _logViewer;
    private LogTextState _logText = LogTextState.Loading;

    [Inject] public required ExecutionLogService LogService { get; init; }
    [Inject] public required IJSRuntime JS { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    [Parameter]
    public long Id { get; set; }

    private enum LogTextState
    {
        Loading,
        Shown,
        Failed,
    }

    protected override async Task OnParametersSetAsync()
    {
        _loaded = false;
        _refusal = null;
        _logText = LogTextState.Loading;
        try
        {
            _log = await LogService.GetAsync(Id, Closing);
        }
        catch (Exception ex) when (L.DescribeRefusal(ex) is { } refusal)
        {
            _refusal = refusal;
            _log = null;
        }

        _loaded = true;
    }

    // A log that lives only at a URL is loaded once the viewer element exists.
    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_log is { LogContent: null, LogUrl: { } url } && _logText == LogTextState.Loading && RendererInfo.IsInteractive)
        {
            var status = await JS.InvokeAsync<int>("workbench.showText", _logViewer, LogLinks.Proxy(url));
            _logText = status is >= 200 and < 300 ? LogTextState.Shown : LogTextState.Failed;
            StateHasChanged();
        }
    }

    private string ResultSummary(ExecutionLogDetail log) =>
        L["LogDetail.ResultSummary", log.TotalItems, log.SuccessItems, log.FailedItems];
}

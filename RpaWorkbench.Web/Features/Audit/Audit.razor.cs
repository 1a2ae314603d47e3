using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using MudBlazor;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Web.Components.Shared;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Audit;

/// <summary>
/// The audit trail, newest first, filtered by days in the operators' zone, actor, action and target. The filter is
/// kept in the address (bookmarkable) and the CSV download exports exactly the filtered entries.
/// </summary>
public partial class Audit
{
    private static readonly int[] PageSizes = [25, 50, 100, 200];
    private static readonly Dictionary<string, object> Download = new() { ["download"] = "" };

    private MudDataGrid<AuditRow> _grid = default!;
    private AuditQuery _filter = new();

    [Inject] public required AuditQueryService AuditLog { get; init; }
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }
    [Inject] public required ILogger<Audit> Logger { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    [SupplyParameterFromQuery(Name = AuditQuery.FromField)] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = AuditQuery.ToField)] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = AuditQuery.ActorField)] public string? Actor { get; set; }
    [SupplyParameterFromQuery(Name = AuditQuery.ActionField)] public string? Action { get; set; }
    [SupplyParameterFromQuery(Name = AuditQuery.TargetTypeField)] public string? TargetType { get; set; }
    [SupplyParameterFromQuery(Name = AuditQuery.TargetField)] public string? Target { get; set; }

    private string ExportUrl =>
        Navigation.GetUriWithQueryParameters("/api/v1/audit/export", AuditFilter.ToParameters(_filter));

    // The address is read once; afterwards the page writes its filter back to the address.
    protected override void OnInitialized()
    {
        try
        {
            _filter = AuditFilter.Parse(From, To, Actor, Action, TargetType, Target);
        }
        catch (ValidationFailedException ex)
        {
            Snackbar.Add(L.DescribeRefusal(ex)!, Severity.Warning);
        }
    }

    private Task<GridData<AuditRow>> LoadAsync(GridState<AuditRow> state, CancellationToken cancellationToken) =>
        GridLoad.RunAsync(Snackbar, L, Logger,
            ct => AuditLog.ListAsync(_filter with { Page = state.Page, PageSize = state.PageSize }, ct), cancellationToken);

    private Task FilterAsync(AuditQuery filter)
    {
        _filter = filter with { Actor = Blank(filter.Actor), Target = Blank(filter.Target) };
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameters(AuditFilter.ToParameters(_filter)), replace: true);
        return _grid.ReloadServerData();
    }

    // The Workbench's own actors (system, scheduler, an API key, …) in the operators' language; null for a person.
    private string? WorkbenchActorName(string actor) => actor.StartsWith(AuditActors.ApiKeyPrefix, StringComparison.Ordinal)
        ? L["AuditActor.ApiKey", actor[AuditActors.ApiKeyPrefix.Length..]]
        : L["AuditActor." + actor] is { ResourceNotFound: false } name ? name.Value : null;

    private string ActionName(string action) =>
        L["AuditAction." + action] is { ResourceNotFound: false } name ? name.Value : action;

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static DateTime? ToDateTime(DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);

    private static DateOnly? ToDate(DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;
}

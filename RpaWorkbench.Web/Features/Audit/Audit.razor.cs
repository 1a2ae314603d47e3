using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Web.Components.Lists;

namespace RpaWorkbench.Web.Features.Audit;

/// <summary>
/// The audit trail, newest first, filtered by days in the operators' zone, actor, action and target. The filter is
/// kept in the address (<see cref="AuditFilter"/>) and the CSV download exports exactly the filtered entries.
/// </summary>
public partial class Audit : ListPage<AuditRow, AuditQuery>
{
    private static readonly Dictionary<string, object> Download = new() { ["download"] = "" };

    [Inject] public required AuditQueryService AuditLog { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    protected override int[] PageSizes => LongPageSizes;

    private string ExportUrl =>
        Navigation.GetUriWithQueryParameters("/api/v1/audit/export", AuditFilter.ToParameters(Filter));

    protected override AuditQuery ReadFilter(QueryValues query) => AuditFilter.Parse(
        query[AuditQuery.FromField], query[AuditQuery.ToField], query[AuditQuery.ActorField],
        query[AuditQuery.ActionField], query[AuditQuery.TargetTypeField], query[AuditQuery.TargetField]);

    protected override IReadOnlyDictionary<string, object?> WriteFilter(AuditQuery filter) => AuditFilter.ToParameters(filter);

    protected override Task<PageResult<AuditRow>> LoadPageAsync(GridState<AuditRow> state, AuditQuery filter, CancellationToken cancellationToken) =>
        AuditLog.ListAsync(filter with { Page = state.Page, PageSize = state.PageSize }, cancellationToken);

    // The Workbench's own actors (system, scheduler, an API key, …) in the operators' language; null for a person.
    private string? WorkbenchActorName(string actor) => actor.StartsWith(AuditActors.ApiKeyPrefix, StringComparison.Ordinal)
        ? L["AuditActor.ApiKey", actor[AuditActors.ApiKeyPrefix.Length..]]
        : L["AuditActor." + actor] is { ResourceNotFound: false } name ? name.Value : null;

    private string ActionName(string action) =>
        L["AuditAction." + action] is { ResourceNotFound: false } name ? name.Value : action;

    private static DateTime? ToDateTime(DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);

    private static DateOnly? ToDate(DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;
}

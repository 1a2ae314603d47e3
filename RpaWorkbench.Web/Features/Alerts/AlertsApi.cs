using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.History;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Alerts;

/// <summary>
/// <c>/api/v1/alerts</c> and <c>/api/v1/alert-deliveries</c>: the alert history and the messages sent to channels, as
/// the alert pages show them, through <see cref="AlertHistory"/> (docs/api-rest-alerts.md).
/// </summary>
public static class AlertsApi
{
    public static void MapAlertsApi(this IEndpointRouteBuilder endpoints)
    {
        var alerts = endpoints.MapRestGroup("/alerts", "Alerts");
        alerts.MapGet("", ListAsync).Needs(ApiKeyScopes.Viewer).WithName("list-alerts")
            .WithSummary("Alerts the rules raised, newest first, paged; state=, severity=, kind=, rule_id= and since= narrow it")
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        alerts.MapGet("/{id:long}", GetAsync).Needs(ApiKeyScopes.Viewer).WithName("get-alert")
            .WithSummary("One alert: its words in both languages, how often it was seen and how its messages went")
            .ProducesProblems([], StatusCodes.Status404NotFound);

        var deliveries = endpoints.MapRestGroup("/alert-deliveries", "Alerts");
        deliveries.MapGet("", ListDeliveriesAsync).Needs(ApiKeyScopes.Viewer).WithName("list-alert-deliveries")
            .WithSummary("Messages to alert channels, newest first, paged, with their state and the channel's answer; channel_id=, state= and alert_id= narrow it")
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
    }

    private static async Task<Ok<ApiPage<AlertRow>>> ListAsync(HttpRequest request, AlertHistory history, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, AlertQuery.MaxPageSize, errors);
        var query = new AlertQuery
        {
            State = QueryValues.Enum<AlertState>(request, "state", errors),
            Severity = QueryValues.Enum<AlertSeverity>(request, "severity", errors),
            Kind = QueryValues.Enum<AlertRuleKind>(request, "kind", errors),
            RuleId = QueryValues.Id(request, "rule_id", errors),
            Since = QueryValues.Instant(request, "since", errors),
            Page = paging.Index,
            PageSize = paging.PageSize,
        };
        QueryValues.ThrowIfAny(errors);
        return TypedResults.Ok(paging.Of(await history.ListAsync(query, cancellationToken), row => row));
    }

    private static async Task<Ok<AlertRow>> GetAsync(long id, AlertHistory history, CancellationToken cancellationToken) =>
        TypedResults.Ok(await history.GetAsync(id, cancellationToken));

    private static async Task<Ok<ApiPage<AlertDeliveryRow>>> ListDeliveriesAsync(HttpRequest request, AlertHistory history, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, AlertDeliveryQuery.MaxPageSize, errors);
        var query = new AlertDeliveryQuery
        {
            ChannelId = QueryValues.Id(request, "channel_id", errors),
            State = QueryValues.Enum<AlertNotificationState>(request, "state", errors),
            AlertId = QueryValues.Id(request, "alert_id", errors),
            Page = paging.Index,
            PageSize = paging.PageSize,
        };
        QueryValues.ThrowIfAny(errors);
        return TypedResults.Ok(paging.Of(await history.ListDeliveriesAsync(query, cancellationToken), row => row));
    }
}

using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.History;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Web.Components.Lists;

namespace RpaWorkbench.Web.Features.Alerts;

/// <summary>
/// The delivery history, live: every message to a channel (an alert firing or resolved, a digest, a test message),
/// where it stands, the attempts and the channel's last answer; <c>?state=</c> and <c>?alert=</c> narrow it.
/// </summary>
public partial class AlertDeliveriesPage : ListPage<AlertDeliveryRow, AlertDeliveriesFilter>
{
    private const string StateField = "state";
    private const string AlertField = "alert";

    [Inject] public required AlertHistory History { get; init; }

    protected override LiveUpdates LiveUpdates { get; } =
        new(events => events.Any(e => e is AlertChanged), Interval: TimeSpan.FromMilliseconds(500), Period: TimeSpan.FromSeconds(30));

    protected override int[] PageSizes => LongPageSizes;

    protected override AlertDeliveriesFilter ReadFilter(QueryValues query) =>
        new() { State = query.Enum<AlertNotificationState>(StateField), AlertId = query.Id(AlertField) };

    protected override IReadOnlyDictionary<string, object?> WriteFilter(AlertDeliveriesFilter filter) =>
        new Dictionary<string, object?> { [StateField] = QueryValues.Of(filter.State), [AlertField] = filter.AlertId };

    protected override Task<PageResult<AlertDeliveryRow>> LoadPageAsync(GridState<AlertDeliveryRow> state, AlertDeliveriesFilter filter, CancellationToken cancellationToken) =>
        History.ListDeliveriesAsync(new AlertDeliveryQuery
        {
            State = filter.State, AlertId = filter.AlertId, Page = state.Page, PageSize = state.PageSize,
        }, cancellationToken);

    private string StateName(AlertNotificationState state) => L["AlertDeliveries.State." + ContractName.Of(state)];

    private static Color StateColor(AlertNotificationState state) => state switch
    {
        AlertNotificationState.Delivered => Color.Success,
        AlertNotificationState.Failed => Color.Error,
        AlertNotificationState.Held or AlertNotificationState.Pending or AlertNotificationState.Sending => Color.Info,
        _ => Color.Default,
    };
}

/// <summary>The delivery history's filter: a state and one alert's messages, each optional.</summary>
public sealed record AlertDeliveriesFilter
{
    public AlertNotificationState? State { get; init; }
    public long? AlertId { get; init; }
}

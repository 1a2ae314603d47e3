using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.History;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Web.Components.Lists;

namespace RpaWorkbench.Web.Features.Alerts;

/// <summary>
/// The alert history, live: what the rules raised, newest first, with how often each was seen and how its messages to
/// the channels went (a link to those messages); <c>?state=</c> and <c>?severity=</c> narrow it.
/// </summary>
public partial class AlertHistoryPage : ListPage<AlertRow, AlertHistoryFilter>
{
    private const string StateField = "state";
    private const string SeverityField = "severity";

    [Inject] public required AlertHistory History { get; init; }

    // Alerts fire, repeat and resolve and their messages go out anywhere; the period keeps "last seen" fresh.
    protected override LiveUpdates LiveUpdates { get; } =
        new(events => events.Any(e => e is AlertChanged), Interval: TimeSpan.FromMilliseconds(500), Period: TimeSpan.FromSeconds(30));

    protected override int[] PageSizes => LongPageSizes;

    protected override AlertHistoryFilter ReadFilter(QueryValues query) =>
        new() { State = query.Enum<AlertState>(StateField), Severity = query.Enum<AlertSeverity>(SeverityField) };

    protected override IReadOnlyDictionary<string, object?> WriteFilter(AlertHistoryFilter filter) =>
        new Dictionary<string, object?> { [StateField] = QueryValues.Of(filter.State), [SeverityField] = QueryValues.Of(filter.Severity) };

    protected override Task<PageResult<AlertRow>> LoadPageAsync(GridState<AlertRow> state, AlertHistoryFilter filter, CancellationToken cancellationToken) =>
        History.ListAsync(new AlertQuery { State = filter.State, Severity = filter.Severity, Page = state.Page, PageSize = state.PageSize }, cancellationToken);

    private string StateName(AlertState state) => L["Alerts.State." + ContractName.Of(state)];

    private string SeverityName(AlertSeverity severity) => L["Alerts.Severity." + ContractName.Of(severity)];

    private static Color SeverityColor(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => Color.Error,
        AlertSeverity.Warning => Color.Warning,
        _ => Color.Info,
    };
}

/// <summary>The alert history's filter: a state and a severity, each optional.</summary>
public sealed record AlertHistoryFilter
{
    public AlertState? State { get; init; }
    public AlertSeverity? Severity { get; init; }
}

using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Management;
using RpaWorkbench.Web.Components.Lists;

namespace RpaWorkbench.Web.Features.Alerts;

/// <summary>Alert rules by name: <c>?kind=</c> and <c>?enabled=</c> in the address; operators add, edit, switch and delete them.</summary>
public partial class AlertRules : ListPage<AlertRuleView, AlertRuleQuery>
{
    private const string KindField = "kind";
    private const string EnabledField = "enabled";

    [Inject] public required AlertRuleService RuleService { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ICurrentUser User { get; init; }

    /// <summary>Viewers see no New, Edit, Delete or switch: the service would refuse them (<see cref="Permissions"/>).</summary>
    private bool CanOperate => User.CanOperate();

    protected override AlertRuleQuery ReadFilter(Components.Lists.QueryValues query) => new() { Kind = query.Enum<AlertRuleKind>(KindField), Enabled = query.Flag(EnabledField) };

    protected override IReadOnlyDictionary<string, object?> WriteFilter(AlertRuleQuery filter) => new Dictionary<string, object?>
    {
        [KindField] = Components.Lists.QueryValues.Of(filter.Kind),
        [EnabledField] = Components.Lists.QueryValues.Of(filter.Enabled),
    };

    protected override async Task<PageResult<AlertRuleView>> LoadPageAsync(GridState<AlertRuleView> state, AlertRuleQuery filter, CancellationToken cancellationToken)
    {
        var rules = await RuleService.ListAsync(filter, cancellationToken);
        return new PageResult<AlertRuleView>(rules.Skip(state.Page * state.PageSize).Take(state.PageSize).ToList(), rules.Count);
    }

    private string KindName(AlertRuleKind kind) => AlertRuleText.Kind(L, kind);

    private string ScopeText(AlertRuleScope scope)
    {
        string[] parts =
        [
            scope.AppName is { } app ? $"{L["AlertRules.App"]}: {app}" : "",
            scope.AccountId is not null ? $"{L["AlertRules.Account"]}: {scope.AccountName}" : "",
            scope.GroupId is not null ? $"{L["AlertRules.Group"]}: {scope.GroupName}" : "",
            scope.TaskId is not null ? $"{L["AlertRules.Task"]}: {scope.TaskName}" : "",
        ];
        var text = string.Join("; ", parts.Where(p => p.Length > 0));
        return text.Length > 0 ? text : L["AlertRules.Everything"];
    }

    private string ChannelsText(AlertRuleView rule) =>
        rule.Channels.Count == 0 ? L["AlertRules.HistoryOnly"] : string.Join(", ", rule.Channels.Select(c => c.Name));

    private static string QuietText(AlertRuleView rule) =>
        rule.QuietFrom is { } from && rule.QuietTo is { } to ? $"{from}–{to}" : "";

    private Task CreateAsync() => OpenEditorAsync(L["AlertRules.New"], existing: null);

    private Task EditAsync(AlertRuleView rule) => OpenEditorAsync(L["AlertRules.Edit"], rule);

    private async Task OpenEditorAsync(string title, AlertRuleView? existing)
    {
        var parameters = new DialogParameters<AlertRuleDialog> { { d => d.Existing, existing } };
        var dialog = await Dialogs.ShowAsync<AlertRuleDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: AlertRuleView saved })
        {
            Snackbar.Add(L["AlertRules.Saved", saved.Name], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task SetEnabledAsync(AlertRuleView rule, bool enabled)
    {
        try
        {
            await RuleService.SetEnabledAsync(rule.Id, enabled, rule.Version, Closing);
        }
        catch (Exception ex) when (L.DescribeRefusal(ex) is { } message)
        {
            Snackbar.Add(message, Severity.Error);
        }

        await ReloadAsync();
    }

    private async Task DeleteAsync(AlertRuleView rule)
    {
        var parameters = new DialogParameters<DeleteAlertRuleDialog> { { d => d.Rule, rule } };
        var dialog = await Dialogs.ShowAsync<DeleteAlertRuleDialog>(L["AlertRules.DeleteTitle"], parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["AlertRules.Deleted", rule.Name], Severity.Success);
            await ReloadAsync();
        }
    }
}

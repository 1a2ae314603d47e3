using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Management;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Web.Features.Alerts;

/// <summary>
/// Create or edit one rule. The figures shown follow the kind (only those it uses are sent); the scope pickers and
/// channel boxes come from <see cref="AlertRuleService.ChoicesAsync"/>; quiet hours are in the operators' zone.
/// Range and kind checks come from <see cref="AlertRuleRules"/>, the rest (a taken name, a stale edit) from the service.
/// </summary>
public partial class AlertRuleDialog : CoreFormDialog
{
    private MudForm _form = default!;
    private AlertRuleChoices? _choices;
    private string? _name;
    private AlertRuleKind _kind = AlertRuleKind.FailuresInARow;
    private AlertSeverity _severity = AlertSeverity.Warning;
    private int? _threshold = 3;
    private double? _percent = 90;
    private int? _windowMinutes = 60;
    private int? _minRuns = 5;
    private AlertGroupBy _groupBy = AlertGroupBy.Task;
    private string? _appName;
    private long? _accountId;
    private long? _groupId;
    private long? _taskId;
    private HashSet<long> _channelIds = [];
    private int _dedupMinutes = new AlertRuleInput().DedupMinutes;
    private TimeSpan? _quietFrom;
    private TimeSpan? _quietTo;
    private bool _sendResolved = true;
    private bool _enabled = true;

    /// <summary>The rule being edited, or null to create one.</summary>
    [Parameter] public AlertRuleView? Existing { get; set; }

    [Inject] public required AlertRuleService RuleService { get; init; }
    [Inject] public required OperatorTime Time { get; init; }

    protected override async Task OnInitializedAsync()
    {
        var choices = await RuleService.ChoicesAsync(Closing);
        if (Existing is { } rule)
        {
            (_name, _kind, _severity, _enabled, _sendResolved, _dedupMinutes) = (rule.Name, rule.Kind, rule.Severity, rule.Enabled, rule.SendResolved, rule.DedupMinutes);
            (_threshold, _percent, _windowMinutes, _minRuns) = (rule.Threshold ?? _threshold, rule.Percent ?? _percent, rule.WindowMinutes ?? _windowMinutes, rule.MinRuns ?? _minRuns);
            _groupBy = rule.GroupBy ?? _groupBy;
            (_appName, _accountId, _groupId, _taskId) = (rule.Scope.AppName, rule.Scope.AccountId, rule.Scope.GroupId, rule.Scope.TaskId);
            _channelIds = rule.Channels.Select(c => c.Id).ToHashSet();
            (_quietFrom, _quietTo) = (HourMinute.Parse(rule.QuietFrom)?.ToTimeSpan(), HourMinute.Parse(rule.QuietTo)?.ToTimeSpan());
        }

        _choices = choices;
    }

    private string ChannelLabel(AlertRuleChannel channel) =>
        channel.Enabled ? $"{channel.Name} ({KindName(channel)})" : $"{channel.Name} ({KindName(channel)}, {L["AlertRules.ChannelOff"]})";

    private string KindName(AlertRuleChannel channel) => L["AlertChannels.Kind." + channel.Kind];

    private void ToggleChannel(long id, bool on)
    {
        if (on)
        {
            _channelIds.Add(id);
        }
        else
        {
            _channelIds.Remove(id);
        }
    }

    private Task<IEnumerable<string>> SearchAppsAsync(string? text, CancellationToken cancellationToken) =>
        Task.FromResult(_choices!.AppNames.Where(a => string.IsNullOrWhiteSpace(text) || a.Contains(text.Trim(), StringComparison.OrdinalIgnoreCase)));

    /// <summary>The rule as typed, with only the figures its kind uses (the others stay in the dialog, unsent, should the kind change back).</summary>
    private AlertRuleInput Input()
    {
        var usesThreshold = AlertRuleRules.ThresholdRange(_kind) is not null;
        var usesRate = AlertRuleRules.UsesRate(_kind);
        return new AlertRuleInput
        {
            Name = _name, Kind = _kind, Severity = _severity, Enabled = _enabled,
            AppName = _appName, AccountId = _accountId, GroupId = _groupId, TaskId = _taskId,
            Threshold = usesThreshold ? _threshold : null,
            Percent = usesRate ? _percent : null,
            WindowMinutes = usesRate ? _windowMinutes : null,
            MinRuns = usesRate ? _minRuns : null,
            GroupBy = usesRate ? _groupBy : null,
            ChannelIds = _channelIds.Order().ToList(),
            DedupMinutes = _dedupMinutes,
            QuietFrom = _quietFrom is { } from ? TimeOnly.FromTimeSpan(from) : null,
            QuietTo = _quietTo is { } to ? TimeOnly.FromTimeSpan(to) : null,
            SendResolved = _kind.IsCondition() && _sendResolved,
            Version = Existing?.Version,
        };
    }

    private async Task SaveAsync()
    {
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        var input = Input();
        await SubmitAndCloseAsync(() => Existing is null
            ? RuleService.CreateAsync(input, Closing)
            : RuleService.UpdateAsync(Existing.Id, input, Closing));
    }
}

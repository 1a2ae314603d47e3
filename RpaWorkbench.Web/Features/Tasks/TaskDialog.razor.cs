using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Web.Features.Tasks;

/// <summary>
/// Create or edit one task. Field rules come from <see cref="TaskRules"/> and <see cref="ConfigFileRules"/>, checked as the
/// operator types; the account, the trigger time and conflicts are checked by <see cref="TaskService"/>. Times are
/// entered in the operators' zone and saved in UTC.
/// </summary>
public partial class TaskDialog : CoreFormDialog
{
    private const int AccountPickerSize = 20;
    private const int PreviewCount = 3;

    private MudForm _form = default!;
    private string? _taskName;
    private AccountRow? _account;
    private RobotGroupRow? _group;
    private string? _appName;
    private string? _configJson;
    private IBrowserFile? _file;
    private bool _removeFile;
    private DateTime? _triggerDate;
    private TimeSpan? _triggerTime;
    private string? _cron;
    private int? _timeoutMinutes;
    private ShadowBotSettingsForm _shadowBot = new();
    private DifySettingsForm _dify = new();
    private List<TaskParameterForm> _parameters = [];

    /// <summary>The task being edited, or null to create one.</summary>
    [Parameter] public TaskRow? Existing { get; set; }

    [Inject] public required TaskService TaskService { get; init; }
    [Inject] public required AccountService AccountService { get; init; }
    [Inject] public required RobotGroupService GroupService { get; init; }
    [Inject] public required ConfigFileRules FileRules { get; init; }
    [Inject] public required OperatorTime Time { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }
    [Inject] public required IOptions<RobotOptions> Robots { get; init; }

    private bool ShadowBotMode => Robots.Value.Mode == RobotMode.ShadowBot;

    /// <summary>The chosen file's name, else the stored one's (unless the operator removed it).</summary>
    private string? FileName => _file?.Name ?? (_removeFile || Existing?.ConfigFileKey is not { } key ? null : ObjectKeys.FileName(key));

    private string? FileError => _file is null
        ? ErrorFor(ConfigFileRules.Field)
        : FileRules.Validate(_file.Name, _file.Size).Select(L.Describe).FirstOrDefault() ?? ErrorFor(ConfigFileRules.Field);

    private string? CronError => L.Message(TaskRules.CheckCron(_cron));

    private IReadOnlyList<DateTime> CronPreview =>
        TaskSchedule.NextOccurrences(_cron, Clock.GetUtcNow().UtcDateTime, Time.Zone, PreviewCount);

    protected override async Task OnInitializedAsync()
    {
        if (Existing is not { } task)
        {
            return;
        }

        (_taskName, _appName, _cron) = (task.TaskName, task.AppName, task.CronExpression);
        _configJson = task.ConfigJson is null ? null : TaskRules.FormatJson(task.ConfigJson);
        _timeoutMinutes = task.RunTimeout is { } timeout ? (int)Math.Ceiling(timeout.TotalMinutes) : null;
        _shadowBot = ShadowBotSettingsForm.From(task.ShadowBot);
        _dify = DifySettingsForm.From(task.Dify);
        _parameters = [.. task.Parameters.Select(TaskParameterForm.From)];
        if (task.TriggerTime is { } trigger)
        {
            var local = Time.ToOperator(trigger);
            (_triggerDate, _triggerTime) = (local.Date, local.TimeOfDay);
        }

        _account = await AccountService.GetAsync(task.AccountId, Closing);
        _group = task.GroupId is { } groupId ? await GroupService.GetAsync(groupId, Closing) : null;
    }

    private Func<string?, string?> Check(Func<string?, FieldError?> rule) => value => L.Message(rule(value));

    private string? CheckTimeout(int? minutes) =>
        TaskRules.CheckRunTimeout(Timeout(minutes)) is null ? null : L["Tasks.RunTimeoutRange", TaskRules.MaxRunTimeout.TotalDays].Value;

    private static TimeSpan? Timeout(int? minutes) => minutes is { } m ? TimeSpan.FromMinutes(m) : null;

    private async Task<IEnumerable<AccountRow>> SearchAccountsAsync(string? search, CancellationToken cancellationToken)
    {
        var page = await AccountService.ListAsync(
            new AccountQuery { Search = search, Unregistered = false, PageSize = AccountPickerSize }, cancellationToken);
        return page.Items;
    }

    private async Task<IEnumerable<RobotGroupRow>> SearchGroupsAsync(string? search, CancellationToken cancellationToken)
    {
        var page = await GroupService.ListAsync(new RobotGroupQuery { Search = search, PageSize = AccountPickerSize }, cancellationToken);
        return page.Items;
    }

    private void FormatJson()
    {
        if (!string.IsNullOrWhiteSpace(_configJson))
        {
            _configJson = TaskRules.FormatJson(_configJson);
        }
    }

    private void FileChosen(IBrowserFile? file) => _file = file;

    private void RemoveFile()
    {
        _file = null;
        _removeFile = true;
    }

    // A date without a time means midnight; a time without a date means today, both in the operators' zone.
    private DateTime? TriggerUtc()
    {
        if (_triggerDate is null && _triggerTime is null)
        {
            return null;
        }

        var date = _triggerDate?.Date ?? Time.ToOperator(Clock.GetUtcNow().UtcDateTime).Date;
        return Time.ToUtc(date + (_triggerTime ?? TimeSpan.Zero));
    }

    private async Task SaveAsync()
    {
        await _form.ValidateAsync();
        if (!_form.IsValid || (_file is not null && FileRules.Validate(_file.Name, _file.Size).Count > 0))
        {
            return;
        }

        var file = _file is { } chosen
            ? new ConfigFileUpload(chosen.Name, chosen.Size, ct => chosen.OpenReadStream(FileRules.MaxBytes, ct))
            : null;
        var input = new TaskInput(_taskName, _account?.Id, _appName, _configJson, TriggerUtc(), _cron, Timeout(_timeoutMinutes), Existing?.Version)
        {
            ConfigFile = file,
            RemoveConfigFile = _removeFile,
            ShadowBot = _shadowBot.ToSettings(),
            Parameters = [.. _parameters.Select(p => p.ToParameter())],
            GroupId = _group?.Id,
            Dify = _dify.ToInput(),
        };
        await SubmitAndCloseAsync(() => Existing is null
            ? TaskService.CreateAsync(input, Closing)
            : TaskService.UpdateAsync(Existing.Id, input, Closing));
    }
}

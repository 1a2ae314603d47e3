using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Localization;
using RpaWorkbench.Core.Alerts.Management;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Alerts;

/// <summary>
/// The alert channels, by name: every role sees them (never a secret); admins create, edit, enable, delete and send a
/// test message, whose answer is shown at once above the list.
/// </summary>
public partial class AlertChannels : LifetimeComponent
{
    private IReadOnlyList<AlertChannelView> _channels = [];
    private bool _loading = true;
    private bool _testing;
    private TestResult? _testResult;

    [Inject] public required AlertChannelService ChannelService { get; init; }
    [Inject] public required IDialogService Dialogs { get; init; }
    [Inject] public required ISnackbar Snackbar { get; init; }
    [Inject] public required ICurrentUser User { get; init; }
    [Inject] public required IStringLocalizer<UiText> L { get; init; }

    /// <summary>Operators and viewers see no actions: the service would refuse them (<see cref="Permissions"/>).</summary>
    private bool CanAdminister => User.CanAdminister();

    protected override Task OnInitializedAsync() => ReloadAsync();

    private async Task ReloadAsync()
    {
        _channels = await ChannelService.ListAsync(Closing);
        _loading = false;
    }

    private static string? Target(AlertChannelView channel) =>
        channel.UrlHint ?? (channel.SmtpHost is null ? null : $"{channel.SmtpHost}:{channel.SmtpPort} → {string.Join(", ", channel.SmtpTo)}");

    private Task CreateAsync() => OpenEditorAsync(L["AlertChannels.New"], existing: null);

    private Task EditAsync(AlertChannelView channel) => OpenEditorAsync(L["AlertChannels.Edit"], channel);

    private async Task OpenEditorAsync(string title, AlertChannelView? existing)
    {
        var parameters = new DialogParameters<AlertChannelDialog> { { d => d.Existing, existing } };
        var dialog = await Dialogs.ShowAsync<AlertChannelDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: AlertChannelView saved })
        {
            Snackbar.Add(L["AlertChannels.Saved", saved.Name], Severity.Success);
            await ReloadAsync();
        }
    }

    private async Task DeleteAsync(AlertChannelView channel)
    {
        var parameters = new DialogParameters<DeleteAlertChannelDialog> { { d => d.Channel, channel } };
        var dialog = await Dialogs.ShowAsync<DeleteAlertChannelDialog>(L["AlertChannels.DeleteTitle"], parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false })
        {
            Snackbar.Add(L["AlertChannels.Deleted", channel.Name], Severity.Success);
            await ReloadAsync();
        }
    }

    private Task ToggleAsync(AlertChannelView channel) => RefusedShownAsync(async () =>
    {
        await ChannelService.SetEnabledAsync(channel.Id, !channel.Enabled, channel.Version, Closing);
        await ReloadAsync();
    });

    private Task SendTestAsync(AlertChannelView channel) => RefusedShownAsync(async () =>
    {
        _testing = true;
        try
        {
            var delivery = await ChannelService.SendTestAsync(channel.Id, Closing);
            _testResult = new TestResult(channel.Name, delivery.Delivered, delivery.Status, delivery.Answer);
            await ReloadAsync();
        }
        finally
        {
            _testing = false;
        }
    });

    /// <summary>Runs an action; a refusal by the Core (someone deleted the channel, a stale edit) is shown as a snackbar.</summary>
    private async Task RefusedShownAsync(Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex) when (L.DescribeRefusal(ex) is { } refusal)
        {
            Snackbar.Add(refusal, Severity.Error);
            await ReloadAsync();
        }
    }

    private sealed record TestResult(string Channel, bool Delivered, int? Status, string Answer);
}

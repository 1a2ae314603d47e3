using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Management;

namespace RpaWorkbench.Web.Features.Alerts;

/// <summary>
/// Create or edit one channel, with the fields of its kind. Secrets are never shown: on an edit a secret left empty keeps
/// the stored one (the field says so), a tick clears it. The Core checks each kind's URL and the e-mail settings.
/// </summary>
public partial class AlertChannelDialog : CoreFormDialog
{
    private MudForm _form = default!;
    private string? _name;
    private AlertChannelKind _kind = AlertChannelKind.DingTalk;
    private string _culture = "zh-CN";
    private bool _enabled = true;
    private string? _url;
    private string? _secret;
    private bool _clearSecret;
    private string? _smtpHost;
    private int? _smtpPort = 587;
    private SmtpSecurity _smtpSecurity = SmtpSecurity.StartTls;
    private string? _smtpUserName;
    private string? _smtpPassword;
    private bool _clearSmtpPassword;
    private string? _smtpFrom;
    private string? _smtpTo;

    /// <summary>The channel being edited, or null to create one.</summary>
    [Parameter] public AlertChannelView? Existing { get; set; }

    [Inject] public required AlertChannelService ChannelService { get; init; }

    /// <summary>An empty URL keeps the stored one only while the kind is the one it was stored for.</summary>
    private bool KeepsUrl => Existing is { UrlHint: not null } && Existing.Kind == _kind;

    private bool Signs => _kind is AlertChannelKind.DingTalk or AlertChannelKind.Feishu or AlertChannelKind.Webhook;

    protected override void OnInitialized()
    {
        if (Existing is { } c)
        {
            (_name, _kind, _culture, _enabled) = (c.Name, c.Kind, c.Culture, c.Enabled);
            (_smtpHost, _smtpPort, _smtpSecurity, _smtpUserName) = (c.SmtpHost, c.SmtpPort ?? 587, c.SmtpSecurity ?? SmtpSecurity.StartTls, c.SmtpUserName);
            (_smtpFrom, _smtpTo) = (c.SmtpFrom, string.Join(Environment.NewLine, c.SmtpTo));
        }
    }

    private async Task SaveAsync()
    {
        await _form.ValidateAsync();
        if (!_form.IsValid)
        {
            return;
        }

        var input = new AlertChannelInput
        {
            Name = _name, Kind = _kind, Culture = _culture, Enabled = _enabled, Url = _url, Secret = _secret, ClearSecret = _clearSecret,
            SmtpHost = _smtpHost, SmtpPort = _smtpPort, SmtpSecurity = _smtpSecurity, SmtpUserName = _smtpUserName, SmtpPassword = _smtpPassword,
            ClearSmtpPassword = _clearSmtpPassword, SmtpFrom = _smtpFrom,
            SmtpTo = (_smtpTo ?? "").Split(['\n', ',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            Version = Existing?.Version,
        };
        await SubmitAndCloseAsync(() => Existing is null
            ? ChannelService.CreateAsync(input, Closing)
            : ChannelService.UpdateAsync(Existing.Id, input, Closing));
    }
}

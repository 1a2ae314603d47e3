using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Management;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Alerts;

/// <summary>A DingTalk duty-group channel as the examples of <c>/api/v1/alert-channels</c> in the document.</summary>
internal static class AlertChannelExamples
{
    private static readonly DateTime CreatedAt = new(2026, 12, 7, 1, 30, 0, DateTimeKind.Utc);

    private static readonly AlertChannelView DutyGroup = new(
        3, "值班群", AlertChannelKind.DingTalk, "zh-CN", Enabled: true, "https://oapi.dingtalk.com/robot/send?access_token=…a1b2", HasSecret: true,
        SmtpHost: null, SmtpPort: null, SmtpSecurity: null, SmtpUserName: null, HasSmtpPassword: false, SmtpFrom: null, SmtpTo: [],
        AlertNotificationState.Delivered, CreatedAt.AddMinutes(2), CreatedAt, CreatedAt.AddMinutes(2), Version: 1);

    public static readonly ApiExample[] List =
        [ApiExample.Of("duty-group", "One DingTalk channel, its last test delivered", new ApiPage<AlertChannelView>([DutyGroup], 1, 1, ApiPaging.DefaultPageSize), StatusCodes.Status200OK)];

    public static readonly ApiExample[] One = [ApiExample.Of("duty-group", "A DingTalk channel with signing", DutyGroup, StatusCodes.Status200OK)];

    public static readonly ApiExample[] Body =
    [
        ApiExample.Of("duty-group", "A DingTalk robot with 加签", new AlertChannelRequest
        {
            Name = "值班群", Kind = AlertChannelKind.DingTalk, Culture = "zh-CN",
            Url = "https://oapi.dingtalk.com/robot/send?access_token=9f8e7d6c5b4a3210fedcba98a1b2", Secret = "SEC0123456789abcdef",
        }),
        ApiExample.Of("email", "E-mail through the company's SMTP server", new AlertChannelRequest
        {
            Name = "运维邮箱", Kind = AlertChannelKind.Email, Culture = "en", SmtpHost = "smtp.example.com", SmtpPort = 587,
            SmtpSecurity = SmtpSecurity.StartTls, SmtpUserName = "alerts", SmtpPassword = "app-password", SmtpFrom = "alerts@example.com",
            SmtpTo = ["ops@example.com"],
        }),
    ];

    public static readonly ApiExample[] Created =
        [ApiExample.Of("duty-group", "The channel as stored: a URL hint, never the URL", DutyGroup with { LastDeliveryState = null, LastDeliveryAt = null, Version = 0 }, StatusCodes.Status201Created)];

    public static readonly ApiExample[] Updated = [ApiExample.Of("duty-group", "The channel as changed", DutyGroup with { Version = 2 }, StatusCodes.Status200OK)];

    public static readonly ApiExample[] Tested =
    [
        ApiExample.Of("delivered", "DingTalk took the message", new AlertChannelTestResponse(true, 200, """{"errcode":0,"errmsg":"ok"}"""), StatusCodes.Status200OK),
        ApiExample.Of("refused", "WeCom refused the key", new AlertChannelTestResponse(false, 200, """{"errcode":93000,"errmsg":"invalid webhook url"}"""), StatusCodes.Status200OK),
    ];
}

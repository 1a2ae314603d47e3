using System.Net.Mail;
using System.Text.RegularExpressions;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Alerts.Channels;

namespace RpaWorkbench.Core.Alerts.Management;

/// <summary>Validation of channel input (the dialog and the service share it) and the URL hint the pages show instead of the URL.</summary>
public static partial class AlertChannelRules
{
    public const string NameField = "name";
    public const string KindField = "kind";
    public const string CultureField = "culture";
    public const string UrlField = "url";
    public const string SmtpHostField = "smtp_host";
    public const string SmtpPortField = "smtp_port";
    public const string SmtpFromField = "smtp_from";
    public const string SmtpToField = "smtp_to";

    public const int MaxUrlLength = 2000;
    public const int MaxHostLength = 255;
    public const int MaxRecipients = 50;

    /// <summary>The languages a channel's messages can be written in.</summary>
    public static IReadOnlyList<string> Cultures { get; } = ["zh-CN", "en"];

    /// <summary>The error for the name, or null when it is acceptable.</summary>
    public static FieldError? CheckName(string? name)
    {
        var value = name?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return new FieldError(NameField, ErrorCodes.Required, "Name is required.");
        }

        return value.Length > AlertChannel.MaxNameLength
            ? new FieldError(NameField, ErrorCodes.TooLong, $"Name must be at most {AlertChannel.MaxNameLength} characters.", AlertChannel.MaxNameLength)
            : IdentifierText.Check(NameField, "Name", value);
    }

    /// <summary>The error for a webhook URL of this kind, or null when it is acceptable (an empty one is checked by the caller: it may mean "keep").</summary>
    public static FieldError? CheckUrl(AlertChannelKind kind, string? url)
    {
        var value = url?.Trim() ?? "";
        if (value.Length > MaxUrlLength)
        {
            return new FieldError(UrlField, ErrorCodes.TooLong, $"The URL must be at most {MaxUrlLength} characters.", MaxUrlLength);
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
        {
            return new FieldError(UrlField, ErrorCodes.InvalidUrl, "Enter an absolute http:// or https:// URL.");
        }

        var shaped = kind switch
        {
            AlertChannelKind.DingTalk => uri.AbsolutePath == "/robot/send" && QueryValue(uri, "access_token") is { Length: > 0 },
            AlertChannelKind.WeCom => uri.AbsolutePath == "/cgi-bin/webhook/send" && QueryValue(uri, "key") is { Length: > 0 },
            AlertChannelKind.Feishu => FeishuHookPath().IsMatch(uri.AbsolutePath),
            _ => true,
        };
        return shaped ? null : new FieldError(UrlField, AlertChannelErrorCodes.UrlShape, $"A {kind} webhook URL looks like {ExampleUrl(kind)}.");
    }

    /// <summary>What a webhook URL of this kind looks like (the dialog's help and the error message).</summary>
    public static string ExampleUrl(AlertChannelKind kind) => kind switch
    {
        AlertChannelKind.DingTalk => "https://oapi.dingtalk.com/robot/send?access_token=…",
        AlertChannelKind.WeCom => "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…",
        AlertChannelKind.Feishu => "https://open.feishu.cn/open-apis/bot/v2/hook/…",
        AlertChannelKind.Slack => "https://hooks.slack.com/services/…",
        _ => "https://…",
    };

    /// <summary>Every error in the e-mail settings, in field order.</summary>
    public static IEnumerable<FieldError> CheckSmtp(AlertChannelInput input)
    {
        var host = input.SmtpHost?.Trim();
        if (string.IsNullOrEmpty(host))
        {
            yield return new FieldError(SmtpHostField, ErrorCodes.Required, "The SMTP host is required.");
        }
        else if (host.Length > MaxHostLength || Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            yield return new FieldError(SmtpHostField, ErrorCodes.InvalidHost, "Enter a valid host name or IP address.");
        }

        if (input.SmtpPort is not (>= AccountRules.MinPort and <= AccountRules.MaxPort))
        {
            yield return new FieldError(SmtpPortField, ErrorCodes.PortOutOfRange, $"Port must be between {AccountRules.MinPort} and {AccountRules.MaxPort}.");
        }

        if (CheckAddress(SmtpFromField, input.SmtpFrom) is { } from)
        {
            yield return from;
        }

        var recipients = Recipients(input.SmtpTo);
        if (recipients.Count is 0 or > MaxRecipients)
        {
            yield return new FieldError(SmtpToField, AlertChannelErrorCodes.RecipientCount, $"Name 1 to {MaxRecipients} recipients.", MaxRecipients);
        }

        foreach (var recipient in recipients)
        {
            if (CheckAddress(SmtpToField, recipient) is { } to)
            {
                yield return to;
            }
        }
    }

    /// <summary>The error for one e-mail address, or null when it is a plain valid address.</summary>
    public static FieldError? CheckAddress(string field, string? address)
    {
        var value = address?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return new FieldError(field, ErrorCodes.Required, "An e-mail address is required.");
        }

        return MailAddress.TryCreate(value, out var parsed) && parsed.Address == value && value.Length <= 320
            ? null
            : new FieldError(field, AlertChannelErrorCodes.InvalidAddress, $"'{value}' is not a valid e-mail address.");
    }

    /// <summary>The recipients trimmed, blanks and repeats dropped.</summary>
    public static IReadOnlyList<string> Recipients(IEnumerable<string>? to) =>
        (to ?? []).Select(a => a.Trim()).Where(a => a.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    /// <summary>
    /// What the pages show of a URL: scheme, host and path with the part that grants access cut to its last 4
    /// characters — DingTalk's access_token, WeCom's key, the last path segment of Feishu and Slack hooks; a plain
    /// webhook's query is left out.
    /// </summary>
    public static string HintOf(AlertChannelKind kind, Uri url)
    {
        var origin = url.GetLeftPart(UriPartial.Authority);
        var hint = kind switch
        {
            AlertChannelKind.DingTalk => $"{origin}{url.AbsolutePath}?access_token={LastFour(QueryValue(url, "access_token"))}",
            AlertChannelKind.WeCom => $"{origin}{url.AbsolutePath}?key={LastFour(QueryValue(url, "key"))}",
            AlertChannelKind.Feishu or AlertChannelKind.Slack => $"{origin}{CutLastSegment(url.AbsolutePath)}",
            _ => $"{origin}{url.AbsolutePath}{(url.Query.Length > 1 ? "?…" : "")}",
        };
        return hint.Length <= AlertChannel.MaxUrlHintLength ? hint : hint[..(AlertChannel.MaxUrlHintLength - 1)] + "…";
    }

    private static string CutLastSegment(string path)
    {
        var slash = path.TrimEnd('/').LastIndexOf('/');
        return slash < 0 ? path : path[..(slash + 1)] + LastFour(path[(slash + 1)..].TrimEnd('/'));
    }

    // A short token would be half shown by its last four characters: then nothing of it is.
    private static string LastFour(string? value) => value is { Length: >= 12 } ? "…" + value[^4..] : "…";

    private static string? QueryValue(Uri uri, string name) =>
        uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('=', 2))
            .Where(pair => pair[0] == name)
            .Select(pair => pair.Length > 1 ? Uri.UnescapeDataString(pair[1]) : "")
            .FirstOrDefault();

    [GeneratedRegex("^/open-apis/bot/v2/hook/[^/]+$")]
    private static partial Regex FeishuHookPath();
}

/// <summary>The error codes only channels report (the UI localises them as <c>Error.{code}</c>).</summary>
public static class AlertChannelErrorCodes
{
    public const string DuplicateName = "AlertChannelDuplicateName";
    public const string UrlShape = "AlertChannelUrlShape";
    public const string InvalidAddress = "AlertChannelInvalidAddress";
    public const string RecipientCount = "AlertChannelRecipientCount";
}

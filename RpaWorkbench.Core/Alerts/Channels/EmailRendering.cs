using System.Net;
using System.Text;
using MimeKit;

namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>The e-mail an alert becomes: subject <c>[severity] title</c>, an HTML body (every text HTML-encoded, a button to the link) and a text body.</summary>
internal static class EmailRendering
{
    public static MimeMessage Render(AlertMessage message, SmtpTarget smtp, DateTimeOffset now)
    {
        if (smtp.To.Count == 0)
        {
            throw new InvalidOperationException("The e-mail channel has no recipients.");
        }

        var mail = new MimeMessage { Date = now, Subject = $"[{Severity(message, message.Severity)}] {message.Title.ReplaceLineEndings(" ")}" };
        mail.From.Add(MailboxAddress.Parse(smtp.From));
        mail.To.AddRange(smtp.To.Select(MailboxAddress.Parse));
        mail.Body = new BodyBuilder { HtmlBody = Html(message), TextBody = Text(message) }.ToMessageBody();
        return mail;
    }

    private static string Html(AlertMessage message)
    {
        var html = new StringBuilder("<div style=\"font-family:sans-serif;font-size:14px\">");
        html.Append(CultureInfo.InvariantCulture, $"<h2 style=\"margin:0 0 8px\">{Encode(message.Title)}</h2>");
        html.Append(CultureInfo.InvariantCulture, $"<p style=\"color:{Colour(message.Severity)}\"><strong>{Encode(AlertWording.SeverityLabel(message.Culture))}:</strong> {Encode(Severity(message, message.Severity))}</p>");
        foreach (var line in message.Lines)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p style=\"margin:4px 0\">{Encode(line)}</p>");
        }

        if (message.Items.Count > 0)
        {
            html.Append("<ul>");
            foreach (var item in message.Items)
            {
                var title = item.Link is { } link ? $"<a href=\"{Encode(link.AbsoluteUri)}\">{Encode(item.Title)}</a>" : Encode(item.Title);
                html.Append(CultureInfo.InvariantCulture, $"<li>{title} ({Encode(Severity(message, item.Severity))})</li>");
            }

            html.Append("</ul>");
        }

        if (message.Link is { } open)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p style=\"margin-top:16px\"><a href=\"{Encode(open.AbsoluteUri)}\" style=\"display:inline-block;padding:8px 16px;"
                        + $"background:#1565c0;color:#ffffff;text-decoration:none;border-radius:4px\">{Encode(AlertWording.Open(message.Culture))}</a></p>");
        }

        return html.Append("</div>").ToString();
    }

    private static string Text(AlertMessage message)
    {
        var text = new StringBuilder();
        text.AppendLine(message.Title);
        text.AppendLine(CultureInfo.InvariantCulture, $"{AlertWording.SeverityLabel(message.Culture)}: {Severity(message, message.Severity)}");
        text.AppendLine();
        foreach (var line in message.Lines)
        {
            text.AppendLine(line);
        }

        foreach (var item in message.Items)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {item.Title} ({Severity(message, item.Severity)}){(item.Link is { } link ? " " + link.AbsoluteUri : "")}");
        }

        if (message.Link is { } open)
        {
            text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"{AlertWording.Open(message.Culture)}: {open.AbsoluteUri}");
        }

        return text.ToString();
    }

    private static string Severity(AlertMessage message, AlertSeverity severity) => AlertWording.Severity(severity, message.Culture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Colour(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "#c62828",
        AlertSeverity.Warning => "#ef6c00",
        _ => "#1565c0",
    };
}

using System.Text;
using System.Text.Json.Nodes;

namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// Posts to a Slack incoming webhook: <c>{"text": fallback, "blocks": [header, section, context, actions]}</c> in Block Kit.
/// Slack answers 200 <c>ok</c>; 429 with Retry-After when over its ~1 a second; 400 <c>invalid_payload</c>, 403
/// <c>no_service</c> / <c>action_prohibited</c>, 404 <c>channel_not_found</c> / <c>no_team</c> for what will not pass.
/// The webhook URL is itself the secret, so its path never appears in an answer.
/// </summary>
internal sealed class SlackSender(IHttpClientFactory clients, TimeProvider clock) : IAlertChannelSender
{
    // Block Kit's limits: a header's text 150 characters, a section's text 3,000.
    private const int MaxHeaderLength = 150;
    private const int MaxSectionLength = 3000;

    public AlertChannelKind Kind => AlertChannelKind.Slack;

    public async Task<AlertDelivery> SendAsync(AlertChannelTarget target, AlertMessage message, CancellationToken cancellationToken)
    {
        var url = target.Url ?? throw new ArgumentException("A Slack channel needs its incoming webhook URL.", nameof(target));
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(Render(message).ToJsonString(), Encoding.UTF8, "application/json"),
        };
        return await AlertJsonPost.SendAsync(clients.CreateClient(AlertChannelHttp.ClientName), request, codes: null, [url.PathAndQuery, url.Query], clock, cancellationToken);
    }

    /// <summary>The webhook's JSON body for <paramref name="message"/>.</summary>
    public static JsonObject Render(AlertMessage message)
    {
        var severity = AlertWording.Severity(message.Severity, message.Culture);
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = PlainText(Cut(message.Title, MaxHeaderLength)) },
        };
        var section = SectionLines(message).ToList();
        if (section.Count > 0)
        {
            blocks.Add(new JsonObject { ["type"] = "section", ["text"] = Mrkdwn(Fit(section, MaxSectionLength)) });
        }

        blocks.Add(new JsonObject
        {
            ["type"] = "context",
            ["elements"] = new JsonArray { Mrkdwn($"{Emoji(message.Severity)} *{AlertWording.SeverityLabel(message.Culture)}:* {severity}") },
        });
        if (message.Link is { } link)
        {
            blocks.Add(new JsonObject
            {
                ["type"] = "actions",
                ["elements"] = new JsonArray
                {
                    new JsonObject { ["type"] = "button", ["text"] = PlainText(AlertWording.Open(message.Culture)), ["url"] = link.AbsoluteUri },
                },
            });
        }

        // The fallback is what notifications and clients without blocks show; Slack reads it as mrkdwn too.
        return new JsonObject { ["text"] = Escape($"[{severity}] {message.Title}"), ["blocks"] = blocks };
    }

    /// <summary>Plain text made safe for Slack's mrkdwn: the three characters Slack gives a meaning to are escaped.</summary>
    public static string Escape(string text) => text.Replace("&", "&amp;", StringComparison.Ordinal)
        .Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static IEnumerable<string> SectionLines(AlertMessage message)
    {
        foreach (var line in message.Lines)
        {
            yield return Escape(line);
        }

        foreach (var item in message.Items)
        {
            var title = Escape(item.Title);
            var label = item.Link is { } link ? $"<{LinkTarget(link)}|{title}>" : title;
            yield return $"• {label} ({AlertWording.Severity(item.Severity, message.Culture)})";
        }
    }

    // Inside <url|label> a "|" or ">" in the URL would end it early.
    private static string LinkTarget(Uri link) => link.AbsoluteUri.Replace("|", "%7C", StringComparison.Ordinal)
        .Replace(">", "%3E", StringComparison.Ordinal).Replace("<", "%3C", StringComparison.Ordinal);

    // Whole lines up to the limit, then an ellipsis line: a line is never cut inside an escape or a link.
    private static string Fit(List<string> lines, int max)
    {
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            if (text.Length + line.Length + 1 > max - 2)
            {
                text.Append(text.Length == 0 ? Cut(line, max) : "…");
                break;
            }

            text.Append(line).Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }

    private static string Cut(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");

    private static string Emoji(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => ":red_circle:",
        AlertSeverity.Warning => ":warning:",
        _ => ":information_source:",
    };

    private static JsonObject PlainText(string text) => new() { ["type"] = "plain_text", ["text"] = text, ["emoji"] = true };

    private static JsonObject Mrkdwn(string text) => new() { ["type"] = "mrkdwn", ["text"] = text };
}

using System.Text;
using System.Text.Json.Nodes;

namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// An alert as a Feishu message card (card JSON 1.0): a header with the title and a template colour by severity (red,
/// orange, blue), the lines as <c>plain_text</c> (never markup), a digest's items as a <c>lark_md</c> list of links with
/// their text escaped, and a button to the Workbench page.
/// </summary>
internal static class FeishuCard
{
    // Feishu refuses a body over 20 KB: the lines and a digest's list are cut to leave room for the rest of the card.
    private const int MaxLinesBytes = 4 * 1024;
    private const int MaxItemsBytes = 12 * 1024;

    public static JsonObject Render(AlertMessage message)
    {
        var elements = new JsonArray();
        if (message.Lines.Count > 0)
        {
            elements.Add(Div("plain_text", AlertMarkdown.CutToBytes(string.Join('\n', message.Lines), MaxLinesBytes)));
        }

        if (message.Items.Count > 0)
        {
            elements.Add(Div("lark_md", AlertMarkdown.CutToBytes(string.Join('\n', message.Items.Select(Item)), MaxItemsBytes)));
        }

        if (message.Link is not null)
        {
            elements.Add(new JsonObject
            {
                ["tag"] = "action",
                ["actions"] = new JsonArray(new JsonObject
                {
                    ["tag"] = "button",
                    ["text"] = Text("plain_text", AlertWording.View(message.Culture)),
                    ["type"] = "primary",
                    ["url"] = message.Link.AbsoluteUri,
                }),
            });
        }

        return new JsonObject
        {
            ["config"] = new JsonObject { ["wide_screen_mode"] = true },
            ["header"] = new JsonObject
            {
                ["title"] = Text("plain_text", message.Title),
                ["template"] = Template(message.Severity),
            },
            ["elements"] = elements,
        };
    }

    /// <summary>The header's colour: red for critical, orange for a warning, blue for information.</summary>
    public static string Template(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "red",
        AlertSeverity.Warning => "orange",
        _ => "blue",
    };

    /// <summary><paramref name="text"/> safe in <c>lark_md</c>: its markup characters as HTML entities, which Feishu shows as the characters.</summary>
    public static string EscapeLarkMarkdown(string text)
    {
        var escaped = new StringBuilder(text.Length);
        foreach (var c in text.ReplaceLineEndings(" "))
        {
            if (c is '&' or '<' or '>' or '*' or '_' or '~' or '[' or ']' or '(' or ')' or '`' or '#' or '\\')
            {
                escaped.Append("&#").Append(((int)c).ToString(CultureInfo.InvariantCulture)).Append(';');
            }
            else
            {
                escaped.Append(c);
            }
        }

        return escaped.ToString();
    }

    private static string Item(AlertMessageItem item)
    {
        var title = EscapeLarkMarkdown(item.Title);
        var text = item.Link is null ? title : AlertMarkdown.Link(title, item.Link);
        return $"- {AlertMarkdown.Emoji(item.Severity)} {text}";
    }

    private static JsonObject Div(string tag, string content) => new() { ["tag"] = "div", ["text"] = Text(tag, content) };

    private static JsonObject Text(string tag, string content) => new() { ["tag"] = tag, ["content"] = content };
}

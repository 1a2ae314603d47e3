using System.Text;
using System.Text.RegularExpressions;

namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// The markdown DingTalk and WeCom robots show: the severity's emoji and the title as a heading, the lines as text, a
/// digest's items as a list of links, and a link back to the Workbench. Plain text is escaped so it never turns into
/// markup (a <c>*</c> in a task name stays a <c>*</c>).
/// </summary>
internal static partial class AlertMarkdown
{
    /// <summary>🔴 critical, 🟠 warning, 🔵 info: shown before titles where the channel has no colours of its own.</summary>
    public static string Emoji(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "🔴",
        AlertSeverity.Warning => "🟠",
        _ => "🔵",
    };

    /// <summary>The link's caption, in the channel's language.</summary>
    public static string OpenCaption(string culture) =>
        culture.StartsWith("zh", StringComparison.OrdinalIgnoreCase) ? "在 Workbench 中查看" : "Open in Workbench";

    /// <summary>The message as markdown: heading, lines, digest items, link.</summary>
    public static string Render(AlertMessage message)
    {
        var text = new StringBuilder();
        text.Append("### ").Append(Emoji(message.Severity)).Append(' ').Append(Escape(message.Title)).Append("\n\n");
        foreach (var line in message.Lines)
        {
            // Two spaces before the newline: a hard line break, so lines are not run together into one paragraph.
            text.Append(Escape(line)).Append("  \n");
        }

        if (message.Items.Count > 0)
        {
            text.Append('\n');
            foreach (var item in message.Items)
            {
                var title = Escape(item.Title);
                text.Append("- ").Append(Emoji(item.Severity)).Append(' ')
                    .Append(item.Link is null ? title : Link(title, item.Link)).Append('\n');
            }
        }

        if (message.Link is not null)
        {
            text.Append('\n').Append(Link(OpenCaption(message.Culture), message.Link)).Append('\n');
        }

        return text.ToString().TrimEnd('\n', ' ');
    }

    /// <summary><paramref name="text"/> with markdown's characters backslash-escaped and line breaks made spaces.</summary>
    public static string Escape(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        var escaped = MarkupCharacter().Replace(oneLine, @"\$0");
        // A leading "1." or "- " would start a list even with nothing else special in the line.
        return ListStart().Replace(escaped, @"$1\$2");
    }

    private static string Link(string caption, Uri link) =>
        $"[{caption}]({link.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)})";

    [GeneratedRegex(@"[\\`*_\[\]<>#|~]")]
    private static partial Regex MarkupCharacter();

    [GeneratedRegex(@"^(\s*\d*)([.\-+])")]
    private static partial Regex ListStart();
}

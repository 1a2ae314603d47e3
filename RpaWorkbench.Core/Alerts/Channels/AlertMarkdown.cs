using System.Text;
using System.Text.RegularExpressions;

namespace RpaWorkbench.Core.Alerts.Channels;

/// <summary>
/// The markdown DingTalk and WeCom robots show: the severity's emoji and the title as a heading, the lines as text, a
/// digest's items as a list of links, and a link back to the Workbench. Plain text is escaped so it never turns into
/// markup (a <c>*</c> in a task name stays a <c>*</c>). Also how text is cut to a channel's byte limit.
/// </summary>
internal static partial class AlertMarkdown
{
    private const string Ellipsis = "…";

    /// <summary>🔴 critical, 🟠 warning, 🔵 info: shown before titles where the channel has no colours of its own.</summary>
    public static string Emoji(AlertSeverity severity) => severity switch
    {
        AlertSeverity.Critical => "🔴",
        AlertSeverity.Warning => "🟠",
        _ => "🔵",
    };

    /// <summary>The message as markdown: heading, lines, digest items, link, as paragraphs.</summary>
    public static string Render(AlertMessage message)
    {
        List<string> paragraphs = [$"### {Emoji(message.Severity)} {Escape(message.Title)}"];
        if (message.Lines.Count > 0)
        {
            // Two spaces before a newline make a hard line break, so the lines are not run together.
            paragraphs.Add(string.Join("  \n", message.Lines.Select(Escape)));
        }

        if (message.Items.Count > 0)
        {
            paragraphs.Add(string.Join('\n', message.Items.Select(Item)));
        }

        if (message.Link is not null)
        {
            paragraphs.Add(Link(AlertWording.View(message.Culture), message.Link));
        }

        return string.Join("\n\n", paragraphs);
    }

    /// <summary><paramref name="text"/> with markdown's characters backslash-escaped and line breaks made spaces.</summary>
    public static string Escape(string text)
    {
        var oneLine = text.ReplaceLineEndings(" ");
        var escaped = MarkupCharacter().Replace(oneLine, @"\$0");
        // A leading "1." or "- " would start a list even with nothing else special in the line.
        return ListStart().Replace(escaped, @"$1\$2");
    }

    /// <summary><paramref name="text"/> if it fits in <paramref name="maxBytes"/> of UTF-8, else its longest start of whole characters that fits with "…" after it.</summary>
    public static string CutToBytes(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var budget = maxBytes - Encoding.UTF8.GetByteCount(Ellipsis);
        var length = 0;
        var used = 0;
        // Whole text elements, so an emoji or a character with its accents is never split.
        while (length < text.Length)
        {
            var next = StringInfo.GetNextTextElementLength(text, length);
            var bytes = Encoding.UTF8.GetByteCount(text.AsSpan(length, next));
            if (used + bytes > budget)
            {
                break;
            }

            used += bytes;
            length += next;
        }

        return text[..length] + Ellipsis;
    }

    private static string Item(AlertMessageItem item)
    {
        var title = Escape(item.Title);
        return $"- {Emoji(item.Severity)} {(item.Link is null ? title : Link(title, item.Link))}";
    }

    /// <summary>A markdown link to <paramref name="link"/>, its parentheses percent-encoded so a <c>)</c> cannot end it early.</summary>
    public static string Link(string caption, Uri link) =>
        $"[{caption}]({link.AbsoluteUri.Replace("(", "%28", StringComparison.Ordinal).Replace(")", "%29", StringComparison.Ordinal)})";

    [GeneratedRegex(@"[\\`*_\[\]<>#|~]")]
    private static partial Regex MarkupCharacter();

    [GeneratedRegex(@"^(\s*\d*)([.\-+])")]
    private static partial Regex ListStart();
}

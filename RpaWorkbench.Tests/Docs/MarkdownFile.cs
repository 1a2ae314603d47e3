using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace RpaWorkbench.Tests.Docs;

/// <summary>A Markdown file's links and the anchors GitHub gives its headings; fenced code and code spans are skipped.</summary>
public sealed partial class MarkdownFile
{
    private MarkdownFile(string path, IReadOnlyList<string> lines)
    {
        Path = path;
        LineCount = lines.Count;
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var links = new List<MarkdownLink>();
        var inFence = false;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = lines[i];
            if (line.TrimStart().StartsWith("```", StringComparison.Ordinal) || line.TrimStart().StartsWith("~~~", StringComparison.Ordinal))
            {
                inFence = !inFence;
                continue;
            }

            if (inFence)
            {
                continue;
            }

            var heading = Heading().Match(line);
            if (heading.Success)
            {
                AddAnchor(anchors, Slug(heading.Groups["text"].Value));
            }

            foreach (Match link in Link().Matches(CodeSpan().Replace(line, "")))
            {
                links.Add(new MarkdownLink(path, i + 1, link.Groups["target"].Value));
            }
        }

        Anchors = anchors;
        Links = links;
    }

    public string Path { get; }

    public int LineCount { get; }

    public IReadOnlySet<string> Anchors { get; }

    public IReadOnlyList<MarkdownLink> Links { get; }

    public static MarkdownFile Read(string path) => new(path, File.ReadAllLines(path));

    /// <summary>GitHub's heading anchor: lower case, punctuation dropped (letters, digits, <c>_</c> and <c>-</c> kept), spaces as hyphens.</summary>
    public static string Slug(string heading)
    {
        var slug = new StringBuilder();
        foreach (var c in heading.Trim().ToLowerInvariant())
        {
            var category = char.GetUnicodeCategory(c);
            if (c == ' ')
            {
                slug.Append('-');
            }
            else if (c == '-' || char.IsLetterOrDigit(c) || category is UnicodeCategory.ConnectorPunctuation
                         or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                slug.Append(c);
            }
        }

        return slug.ToString();
    }

    // A repeated heading gets -1, -2, … as on GitHub.
    private static void AddAnchor(HashSet<string> anchors, string slug)
    {
        var candidate = slug;
        for (var n = 1; !anchors.Add(candidate); n++)
        {
            candidate = $"{slug}-{n}";
        }
    }

    [GeneratedRegex(@"^#{1,6}\s+(?<text>.+?)\s*#*\s*$")]
    private static partial Regex Heading();

    [GeneratedRegex(@"!?\[[^\]]*\]\((?<target>[^)\s]+)(\s+""[^""]*"")?\)")]
    private static partial Regex Link();

    [GeneratedRegex("`+[^`]*`+")]
    private static partial Regex CodeSpan();
}

/// <summary>One link: the file and line it is on, and its target as written.</summary>
public sealed record MarkdownLink(string File, int Line, string Target)
{
    public bool IsExternal => Target.Contains("://", StringComparison.Ordinal) || Target.StartsWith("mailto:", StringComparison.Ordinal);

    public override string ToString() => $"{System.IO.Path.GetFileName(File)}:{Line} → {Target}";
}

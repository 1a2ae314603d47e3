using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Docs;

/// <summary>
/// README.md and docs/ stand alone: every relative link reaches a file in the repository and every #anchor a heading
/// there; the README stays short enough for a newcomer, and every doc can be reached from it.
/// </summary>
public sealed class DocsLinkTests
{
    private static readonly string Root = RepositoryPaths.Root;

    private static readonly string Readme = Path.Combine(Root, "README.md");

    private static IEnumerable<MarkdownFile> Docs() =>
        Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md", SearchOption.AllDirectories)
            .Prepend(Readme)
            .Select(MarkdownFile.Read);

    [Fact]
    public void Readme_IsAtMost150Lines()
    {
        var readme = MarkdownFile.Read(Readme);

        Assert.True(readme.LineCount <= 150, $"README.md has {readme.LineCount} lines; at most 150 (the rest belongs in docs/).");
    }

    [Fact]
    public void Readme_LinksOnlyInsideTheRepository()
    {
        var external = MarkdownFile.Read(Readme).Links.Where(l => l.IsExternal).Select(l => l.ToString());

        Assert.Empty(external);
    }

    [Fact]
    public void EveryRelativeLink_ReachesAFileAndHeadingInTheRepository()
    {
        var files = Docs().ToDictionary(f => Path.GetFullPath(f.Path));
        var broken = new List<string>();
        foreach (var link in files.Values.SelectMany(f => f.Links).Where(l => !l.IsExternal))
        {
            var problem = Check(link, files);
            if (problem is not null)
            {
                broken.Add($"{link}: {problem}");
            }
        }

        Assert.Empty(broken);
    }

    [Fact]
    public void EveryDoc_CanBeReachedFromTheReadme()
    {
        var files = Docs().ToDictionary(f => Path.GetFullPath(f.Path));
        var reached = new HashSet<string> { Path.GetFullPath(Readme) };
        var toVisit = new Queue<string>(reached);
        while (toVisit.TryDequeue(out var current))
        {
            foreach (var link in files[current].Links.Where(l => !l.IsExternal))
            {
                var target = Resolve(link).Path;
                if (files.ContainsKey(target) && reached.Add(target))
                {
                    toVisit.Enqueue(target);
                }
            }
        }

        Assert.Empty(files.Keys.Except(reached).Select(p => Path.GetRelativePath(Root, p)));
    }

    [Theory]
    [InlineData("Dashboard", "dashboard")]
    [InlineData("Runs: start, stop, force-stop and the watchdog", "runs-start-stop-force-stop-and-the-watchdog")]
    [InlineData("Screenshots and logs: the resource proxy", "screenshots-and-logs-the-resource-proxy")]
    [InlineData("Exporting logs (CSV)", "exporting-logs-csv")]
    [InlineData("Reaching the robots' agents", "reaching-the-robots-agents")]
    [InlineData("Same answer, same time, for every name", "same-answer-same-time-for-every-name")]
    [InlineData("Webhook ingest (`-- ingest`)", "webhook-ingest----ingest")]
    [InlineData("Logs page (`LogPageBenchmarks`)", "logs-page-logpagebenchmarks")]
    public void Slug_IsGitHubsAnchor(string heading, string anchor)
    {
        Assert.Equal(anchor, MarkdownFile.Slug(heading));
    }

    private static string? Check(MarkdownLink link, Dictionary<string, MarkdownFile> files)
    {
        var (path, anchor) = Resolve(link);
        if (!path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal) && path != Root)
        {
            return "leaves the repository";
        }

        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return "no such file";
        }

        if (anchor is null)
        {
            return null;
        }

        if (!files.TryGetValue(path, out var target))
        {
            return path.EndsWith(".md", StringComparison.Ordinal) ? null : "an anchor into a file that is not Markdown";
        }

        return target.Anchors.Contains(anchor) ? null : $"no heading #{anchor} in {Path.GetFileName(path)}";
    }

    private static (string Path, string? Anchor) Resolve(MarkdownLink link)
    {
        var hash = link.Target.IndexOf('#', StringComparison.Ordinal);
        var file = hash < 0 ? link.Target : link.Target[..hash];
        var anchor = hash < 0 ? null : Uri.UnescapeDataString(link.Target[(hash + 1)..]);
        var path = file.Length == 0
            ? link.File
            : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(link.File)!, Uri.UnescapeDataString(file)));
        return (Path.GetFullPath(path), anchor);
    }
}

using System.Text.RegularExpressions;
using System.Xml.Linq;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Localization;

public partial class ResourceTests
{
    private static readonly string WebProject = Path.Combine(RepositoryPaths.Root, "RpaWorkbench.Web");

    [Fact]
    public void UiText_EnglishAndChinese_HaveTheSameKeysAndNoBlankValues()
    {
        var english = Load("UiText.resx");
        var chinese = Load("UiText.zh-CN.resx");

        Assert.Equal(english.Keys.Order(), chinese.Keys.Order());
        Assert.DoesNotContain(english.Concat(chinese), pair => string.IsNullOrWhiteSpace(pair.Value));
    }

    [Fact]
    public void EveryLiteralKeyUsedInTheWebProject_ExistsInTheResources()
    {
        var keys = Load("UiText.resx").Keys.ToHashSet();
        var used = Directory.EnumerateFiles(WebProject, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".razor", StringComparison.Ordinal) || f.EndsWith(".cs", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => LiteralKey().Matches(File.ReadAllText(f)).Select(m => m.Groups[1].Value))
            .ToHashSet();

        Assert.NotEmpty(used);
        Assert.Empty(used.Except(keys));
    }

    [Fact]
    public void EveryAuditAction_HasANameInBothLanguages()
    {
        foreach (var resource in new[] { Load("UiText.resx"), Load("UiText.zh-CN.resx") })
        {
            Assert.All(AuditActions.All, action => Assert.Contains("AuditAction." + action, resource.Keys));
        }
    }

    [Fact]
    public void ChineseResource_IsActuallyChinese()
    {
        var chinese = Load("UiText.zh-CN.resx");

        Assert.Equal("机器人账号", chinese["Accounts.Title"]);
        Assert.True(chinese.Values.Count(v => v.Any(c => c >= '\u4e00' && c <= '\u9fff')) > chinese.Count * 3 / 4);
    }

    private static Dictionary<string, string> Load(string file) =>
        XDocument.Load(Path.Combine(WebProject, "Resources", file))
            .Root!.Elements("data")
            .ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

    // L["Some.Key"] with a literal key.
    [GeneratedRegex("""\bL\["([A-Za-z]+\.[A-Za-z.]+)"[\],]""")]
    private static partial Regex LiteralKey();
}

using System.Collections;
using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Tests.Infrastructure;
using AccountsPage = RpaWorkbench.Web.Features.Accounts.Accounts;

namespace RpaWorkbench.Tests.Localization;

/// <summary>
/// MudBlazor's own strings (pager, pickers, dialogs, grid menus) in Chinese: every key the installed MudBlazor has is
/// translated in MudBlazorText.zh-CN.resx, and a Chinese page shows them.
/// </summary>
public sealed partial class MudBlazorTextTests : WorkbenchComponentTest
{
    [Fact]
    public void EveryMudBlazorKey_HasAChineseTranslation_WithTheSamePlaceholders()
    {
        var english = MudBlazorEnglish();
        var chinese = XDocument.Load(Path.Combine(RepositoryPaths.Root, "RpaWorkbench.Web", "Resources", "MudBlazorText.zh-CN.resx"))
            .Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string)d.Element("value")!);

        Assert.True(english.Count > 100, $"MudBlazor's resources were not found ({english.Count} keys).");
        Assert.Equal(english.Keys.Order(StringComparer.Ordinal), chinese.Keys.Order(StringComparer.Ordinal));
        Assert.All(english, pair => Assert.Equal(Placeholders(pair.Value), Placeholders(chinese[pair.Key])));
        // Every value is Chinese, except the comparison signs of the grid's filter (=, !=, >, >=, <, <=).
        Assert.All(chinese, pair => Assert.True(
            pair.Value.Any(c => c is >= '\u4e00' and <= '\u9fff') || pair.Value.All(c => "=!<>".Contains(c)), $"{pair.Key} = {pair.Value}"));
    }

    [Fact]
    public async Task AccountsPage_InChinese_ItsPagerAndGridMenusSpeakChinese()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        await Services.GetRequiredService<AccountService>().CreateAsync(new AccountInput("tygj001", "192.168.10.21", 8080), Ct);

        var page = Render<AccountsPage>();

        page.WaitForAssertion(() => Assert.Contains("每页行数：", page.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal));
        Assert.Contains("1-1，共 1 条", page.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.Find("button[aria-label='下一页']"));
        Assert.NotEmpty(page.FindAll("button[aria-label='列选项']"));
        Assert.DoesNotContain("Rows per page", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AccountsPage_InEnglish_KeepsMudBlazorsEnglish()
    {
        await Services.GetRequiredService<AccountService>().CreateAsync(new AccountInput("tygj001", "192.168.10.21", 8080), Ct);

        var page = Render<AccountsPage>();

        page.WaitForAssertion(() => Assert.Contains("Rows per page:", page.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal));
        Assert.Contains("1-1 of 1", page.Find(".mud-table-pagination").TextContent, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> MudBlazorEnglish()
    {
        var resources = new ResourceManager("MudBlazor.Resources.LanguageResource", typeof(MudBlazor.MudLocalizer).Assembly);
        return resources.GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)!
            .Cast<DictionaryEntry>()
            .ToDictionary(entry => (string)entry.Key, entry => (string)entry.Value!);
    }

    private static string[] Placeholders(string text) => [.. Placeholder().Matches(text).Select(m => m.Value).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"\{[0-9]+\}")]
    private static partial Regex Placeholder();
}

using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Executions.Retention;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Settings;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Tests.Settings;

public sealed class SettingsPageTests : WorkbenchComponentTest
{
    [Fact]
    public void Page_ShowsEachGroupWithItsKeysAndEffectiveValues()
    {
        User.SignIn(Roles.Admin);

        var page = Render<Web.Features.Settings.Settings>();

        Assert.Equal(19, page.FindAll("[data-testid=settings-group]").Count);
        Assert.Contains(Row(page, "Workbench:TimeZone"), c => c == "Asia/Shanghai");
        Assert.Contains(Row(page, "Workbench:Accounts:OfflineAfter"), c => c == "00:01:30");
        Assert.Contains(Row(page, "Workbench:Identity:Password:RequiredLength"), c => c == "10");
        Assert.Contains(Row(page, "Workbench:Webhooks:MaxBatchSize"), c => c == "512");
        Assert.Contains(Row(page, "Workbench:Logs:RetentionDays"), c => c == LogRetentionOptions.RetentionOff);
        Assert.Contains("workbench.db", page.Markup, StringComparison.Ordinal);
        Assert.Contains(Row(page, "Workbench:Bootstrap:WebhookApiKey"), c => c == "not set");
        Assert.Contains(LiveEventsServiceCollectionExtensions.RedisOff, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void Page_ShowsRobotsSchedulerStorageProxyAndAddressGroupsWithDefaults()
    {
        User.SignIn(Roles.Admin);

        var page = Render<Web.Features.Settings.Settings>();

        var titles = page.FindAll("[data-testid=settings-group] h2").Select(h => h.TextContent.Trim()).ToList();
        Assert.All(new[] { "Robots", "Scheduler", "File storage", "Resource proxy", "Public address" }, title => Assert.Contains(title, titles));
        Assert.Contains(Row(page, "Workbench:Robots:AttemptTimeout"), c => c == "00:00:05");
        Assert.Contains(Row(page, "Workbench:Robots:MaxRetries"), c => c == "2");
        Assert.Contains(Row(page, "Workbench:Robots:Simulation:FailureRate"), c => c == "0.2");
        Assert.Contains(Row(page, "Workbench:Scheduler:PollInterval"), c => c == "00:00:01");
        Assert.Contains(Row(page, "Workbench:Storage:Provider"), c => c == "Local");
        Assert.Contains(Row(page, "Workbench:Storage:ConfigUrlLifetime"), c => c == "01:00:00");
        Assert.Contains(Row(page, "Workbench:Storage:ConfigFileExtensions"), c => c.StartsWith(".json, .xlsx", StringComparison.Ordinal));
        Assert.Contains(Row(page, "Workbench:Storage:S3:SecretKey"), c => c == "not set");
        Assert.Contains(Row(page, "Workbench:Storage:S3:AccessKey"), c => c == "not set");
        Assert.Contains(Row(page, "Workbench:Storage:ProxyMaxRedirects"), c => c == "3");
        Assert.Contains(Row(page, "Workbench:Storage:ProxyTimeout"), c => c == "00:00:15");
        Assert.Contains(Row(page, "Workbench:PublicBaseUrl"), c => c == "—");
        Assert.Contains(Row(page, "Workbench:Webhooks:RateLimit:PermitsPerSecond"), c => c == "20000");
        Assert.Contains(Row(page, "Workbench:ForwardedHeaders:Enabled"), c => c == "false");
    }

    [Fact]
    public void EverySettingAndGroup_HasAnEnglishLabelAndMeaning()
    {
        User.SignIn(Roles.Admin);
        var l = Services.GetRequiredService<IStringLocalizer<UiText>>();

        var groups = Services.GetRequiredService<SettingsCatalog>().Read();

        Assert.All(groups.Select(g => g.Group.Title).Concat(groups.SelectMany(g => g.Rows).SelectMany(r => new[] { r.Setting.Label, r.Setting.Meaning })),
            key => Assert.False(l[key].ResourceNotFound, $"{key} has no text in UiText.resx"));
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Viewer)]
    public void Page_ForOtherRoles_SaysAdminsOnlyAndShowsNoSettings(string role)
    {
        User.SignIn(role);

        var page = Render<Web.Features.Settings.Settings>();

        Assert.NotNull(page.Find("[data-testid=admin-only]"));
        Assert.Empty(page.FindAll("[data-testid=settings-group]"));
        Assert.Throws<AccessDeniedException>(() => Services.GetRequiredService<SettingsCatalog>().Read());
    }

    private static List<string> Row(IRenderedComponent<Web.Features.Settings.Settings> page, string key) =>
        page.FindAll("tr").Single(r => r.QuerySelectorAll("td code").Any(c => c.TextContent == key))
            .QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
}

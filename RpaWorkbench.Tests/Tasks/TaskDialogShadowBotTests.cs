using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Tasks;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>The task dialog's ShadowBot section: it binds the settings, shows the Core's refusals on their fields, and lists the robot groups of a fake ShadowBot on loopback.</summary>
public sealed class TaskDialogShadowBotTests : WorkbenchComponentTest
{
    private const string AppUuid = "7c1e2a9b-0d3f-4b6a-9e21-5f8a7d3c4b10";

    private FakeShadowBot? _fake;

    [Fact]
    public async Task GroupPicker_ShadowBotAnswers_ListsItsGroups()
    {
        _fake = await FakeShadowBot.StartAsync(Clock);
        Configure(RobotMode.ShadowBot, _fake);
        _fake.Dispatch.Groups.Add(("g-1001", "财务组"));
        _fake.Dispatch.Groups.Add(("g-1002", "仓储组"));
        var (popovers, host) = await OpenAsync(existing: null);

        host.WaitForAssertion(() => Assert.Contains("2 groups in ShadowBot", Section(host).TextContent, StringComparison.Ordinal));
        // A click on the picker opens it with every group; typing narrows the list to the matching ones.
        await host.Find(".mud-dialog .workbench-shadowbot-group").MouseDownAsync(new());
        popovers.WaitForAssertion(() => Assert.Equal(2, popovers.FindAll(".workbench-shadowbot-group-item").Count));
        await Field(host, ".workbench-shadowbot-group input").InputAsync("仓储");
        Clock.Advance(TimeSpan.FromSeconds(1)); // the picker's debounce runs on the Workbench's clock

        popovers.WaitForAssertion(() =>
        {
            var item = Assert.Single(popovers.FindAll(".workbench-shadowbot-group-item"));
            Assert.Contains("仓储组", item.TextContent, StringComparison.Ordinal);
            Assert.Contains("g-1002", item.TextContent, StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task GroupPicker_ShadowBotNotConfigured_SaysSoAndKeepsATypedUuid()
    {
        Configure(RobotMode.ShadowBot, fake: null);
        var task = await TaskAsync(new ShadowBotTaskSettings { RobotUuid = AppUuid });
        var (_, host) = await OpenAsync(task);

        host.WaitForAssertion(() => Assert.Contains("ShadowBot is not configured", Section(host).TextContent, StringComparison.Ordinal));
        var group = Field(host, ".workbench-shadowbot-group input");
        await group.InputAsync("g-typed-2001");
        await group.BlurAsync(new());
        await SaveAsync(host);

        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
        Assert.Equal("g-typed-2001", (await StoredAsync()).GroupUuid);
    }

    [Fact]
    public async Task Save_CoreRefusesTheFileParam_ShowsItOnThatFieldThenSavesTheCorrection()
    {
        Configure(RobotMode.ShadowBot, fake: null);
        var task = await TaskAsync(new ShadowBotTaskSettings { RobotUuid = AppUuid, Priority = ShadowBotPriority.High, WaitTimeoutSeconds = 1200 });
        var (_, host) = await OpenAsync(task);
        Assert.Equal(AppUuid, Field(host, ".workbench-shadowbot-robot input").GetAttribute("value"));
        Assert.Equal("1200", Field(host, ".workbench-shadowbot-wait input").GetAttribute("value"));

        await Field(host, ".workbench-shadowbot-file-param input").InputAsync("订单表");
        await SaveAsync(host);

        host.WaitForAssertion(() => Assert.Contains(
            "The file parameter receives the task's config file", Field(host, ".workbench-shadowbot-file-param").ParentElement!.TextContent, StringComparison.Ordinal));
        Assert.Equal(1200, (await StoredAsync()).WaitTimeoutSeconds);

        await Field(host, ".workbench-shadowbot-file-param input").InputAsync("");
        await Field(host, ".workbench-shadowbot-wait input").InputAsync("900");
        await SaveAsync(host);

        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
        var stored = await StoredAsync();
        Assert.Equal((AppUuid, ShadowBotPriority.High, 900, (string?)null), (stored.RobotUuid, stored.Priority, stored.WaitTimeoutSeconds, stored.FileParam));
    }

    [Fact]
    public async Task Section_DirectModeWithoutSettings_IsFoldedUntilOpened()
    {
        Configure(RobotMode.Direct, fake: null);
        var (_, host) = await OpenAsync(existing: null);
        Assert.DoesNotContain("mud-panel-expanded", Section(host).OuterHtml, StringComparison.Ordinal);

        await host.Find(".mud-dialog .workbench-shadowbot .mud-expand-panel-header").ClickAsync(new());

        host.WaitForAssertion(() =>
        {
            Assert.Contains("mud-panel-expanded", Section(host).OuterHtml, StringComparison.Ordinal);
            Assert.Contains("ShadowBot is not configured", Section(host).TextContent, StringComparison.Ordinal);
        });
    }

    // The options are bound when first used, after this: the Workbench's mode and, when given, the fake's address and keys.
    private void Configure(RobotMode mode, FakeShadowBot? fake)
    {
        var configuration = Services.GetRequiredService<IConfiguration>();
        configuration["Workbench:Robots:Mode"] = mode.ToString();
        if (fake is not null)
        {
            configuration["Workbench:ShadowBot:BaseUrl"] = fake.BaseUrl.ToString();
            configuration["Workbench:ShadowBot:AccessKeyId"] = FakeShadowBot.AccessKeyId;
            configuration["Workbench:ShadowBot:AccessKeySecret"] = FakeShadowBot.AccessKeySecret;
        }
    }

    private async Task<(IRenderedComponent<MudPopoverProvider> Popovers, IRenderedComponent<MudDialogProvider> Host)> OpenAsync(TaskRow? existing)
    {
        var popovers = Render<MudPopoverProvider>();
        var host = Render<MudDialogProvider>();
        var parameters = new DialogParameters<TaskDialog>();
        if (existing is not null)
        {
            parameters.Add(d => d.Existing, existing);
        }

        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<TaskDialog>("Task", parameters));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog .workbench-shadowbot")));
        return (popovers, host);
    }

    private async Task<TaskRow> TaskAsync(ShadowBotTaskSettings settings)
    {
        var account = await Services.GetRequiredService<AccountService>().CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        return await Services.GetRequiredService<TaskService>().CreateAsync(new TaskInput("日报汇总", account.Id, "财务日报") { ShadowBot = settings }, Ct);
    }

    private async Task<ShadowBotTaskSettings> StoredAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return (await db.Tasks.AsNoTracking().SingleAsync(Ct)).ShadowBot!;
    }

    private static Task SaveAsync(IRenderedComponent<MudDialogProvider> host) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).ClickAsync(new());

    private static IElement Section(IRenderedComponent<MudDialogProvider> host) => host.Find(".mud-dialog .workbench-shadowbot");

    private static IElement Field(IRenderedComponent<MudDialogProvider> host, string selector) => host.Find($".mud-dialog {selector}");

    protected override async ValueTask DisposeAsyncCore()
    {
        if (_fake is not null)
        {
            await _fake.DisposeAsync();
        }

        await base.DisposeAsyncCore();
    }
}

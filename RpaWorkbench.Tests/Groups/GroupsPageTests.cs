using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Groups;

public sealed class GroupsPageTests : WorkbenchComponentTest
{
    private RobotGroupService Service => Services.GetRequiredService<RobotGroupService>();
    private AccountService Accounts => Services.GetRequiredService<AccountService>();

    [Fact]
    public async Task Page_ListsGroupsWithMemberAndOnlineCounts()
    {
        var online = await AccountAsync("tygj001");
        var offline = await AccountAsync("tygj002");
        await using (var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct))
        {
            await db.Accounts.Where(a => a.Id == online).ExecuteUpdateAsync(s => s.SetProperty(a => a.LastHeartbeatAt, Clock.GetUtcNow().UtcDateTime), Ct);
        }

        await Service.CreateAsync(new RobotGroupInput("华东", "仓库", [online, offline]), Ct);
        await Service.CreateAsync(new RobotGroupInput("empty", null), Ct);

        var page = Render<Web.Features.Groups.Groups>();

        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count));
        var cells = Cells(DataRows(page).Single(r => r.TextContent.Contains("华东", StringComparison.Ordinal)));
        Assert.Equal(["华东", "仓库", "2", "1"], cells.Take(4));
    }

    [Fact]
    public async Task NewGroupDialog_SavesNameAndChosenMembers()
    {
        var a = await AccountAsync("tygj001");
        var b = await AccountAsync("tygj002");
        var host = RenderDialogHost();
        var page = Render<Web.Features.Groups.Groups>();
        page.WaitForAssertion(() => Assert.Contains("No robot groups match", page.Markup, StringComparison.Ordinal));

        page.FindAll("button").Single(b => b.TextContent.Contains("New group", StringComparison.Ordinal)).Click();
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog .workbench-group-name input")));
        await host.Find(".mud-dialog .workbench-group-name input").InputAsync("华东机器人");
        var members = host.FindComponent<MudBlazor.MudSelect<long>>();
        await host.InvokeAsync(() => members.Instance.SelectedValuesChanged.InvokeAsync([a, b]));
        await DialogButton(host, "Save").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(["华东机器人", "", "2", "0"], Cells(Assert.Single(DataRows(page))).Take(4)));
        var saved = await Service.ListAsync(new RobotGroupQuery(), Ct);
        var detail = await Service.GetAsync(saved.Items[0].Id, Ct);
        Assert.Equal(["tygj001", "tygj002"], detail!.Members.Select(m => m.ShadowBotAccount));
    }

    [Fact]
    public async Task EditDialog_ShowsTheMembersAndSavesTheNewSet()
    {
        var a = await AccountAsync("tygj001");
        var b = await AccountAsync("tygj002");
        var group = await Service.CreateAsync(new RobotGroupInput("east", null, [a]), Ct);
        var host = RenderDialogHost();
        var page = Render<Web.Features.Groups.Groups>();
        page.WaitForAssertion(() => Assert.Single(DataRows(page)));

        page.Find("button[aria-label='Edit east']").Click();
        // The picker shows the current member by its task control name (the other account is only in the closed list).
        host.WaitForAssertion(() => Assert.Equal("tygj001-10.0.0.1:8080", host.Find(".mud-dialog .workbench-group-members input").GetAttribute("value")));
        var members = host.FindComponent<MudBlazor.MudSelect<long>>();
        await host.InvokeAsync(() => members.Instance.SelectedValuesChanged.InvokeAsync([b]));
        await DialogButton(host, "Save").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
        var saved = await Service.GetAsync(group.Id, Ct);
        Assert.Equal([b], saved!.Members.Select(m => m.AccountId));
        Assert.Equal(1, saved.Version);
    }

    [Fact]
    public async Task Page_FollowsGroupChangedFromElsewhere()
    {
        var page = Render<Web.Features.Groups.Groups>();
        page.WaitForAssertion(() => Assert.Contains("No robot groups match", page.Markup, StringComparison.Ordinal));

        var created = await Service.CreateAsync(new RobotGroupInput("west", null), Ct);
        await Events.PublishAndWaitAsync([new GroupChanged(created.Id)]);
        Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Equal("west", Cells(Assert.Single(DataRows(page)))[0]), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Page_AsViewer_ShowsRowsButNoButtons()
    {
        await Service.CreateAsync(new RobotGroupInput("east", null), Ct);
        User.SignIn(Core.Security.Roles.Viewer);

        var page = Render<Web.Features.Groups.Groups>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New group", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("button[aria-label='Edit east'], button[aria-label='Delete east']"));
    }

    [Fact]
    public async Task DeleteDialog_DeletesAfterConfirmation()
    {
        var group = await Service.CreateAsync(new RobotGroupInput("east", null), Ct);
        var host = RenderDialogHost();
        var page = Render<Web.Features.Groups.Groups>();
        page.WaitForAssertion(() => Assert.Single(DataRows(page)));

        page.Find("button[aria-label='Delete east']").Click();
        host.WaitForAssertion(() => Assert.Contains("Delete robot group east?", host.Markup, StringComparison.Ordinal));
        await DialogButton(host, "Delete").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(DataRows(page)));
        Assert.Null(await Service.GetAsync(group.Id, Ct));
    }

    private async Task<long> AccountAsync(string name) => (await Accounts.CreateAsync(new AccountInput(name, "10.0.0.1", 8080), Ct)).Id;

    private static IElement DialogButton(IRenderedComponent<MudBlazor.MudDialogProvider> host, string text) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    private static List<IElement> DataRows(IRenderedComponent<Web.Features.Groups.Groups> page) =>
        page.FindAll("tbody tr.mud-table-row").ToList();

    private static List<string> Cells(IElement row) => row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
}

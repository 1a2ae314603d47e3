using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Accounts;

namespace RpaWorkbench.Tests.Accounts;

public sealed class AccountsPageTests : WorkbenchComponentTest
{
    private AccountService Service => Services.GetRequiredService<AccountService>();

    [Fact]
    public async Task Page_RendersServerRowsWithDerivedColumns()
    {
        var row = await Service.CreateAsync(new AccountInput("tygj001", "192.168.10.21", 8080), Ct);
        await Service.CreateAsync(new AccountInput("caiwu01", "finance-01.corp.local", 9000), Ct);

        var page = Render<Web.Features.Accounts.Accounts>();

        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count));
        var cells = DataRows(page).Single(r => r.TextContent.Contains("tygj001", StringComparison.Ordinal)).QuerySelectorAll("td");
        Assert.Contains(cells, c => c.TextContent.Trim() == row.TaskControl);
        Assert.Contains(cells, c => c.TextContent.Trim() == "Pending");
        Assert.Contains(cells, c => c.TextContent.Trim() == "Offline");
    }

    [Theory]
    [InlineData("en", "Running")]
    [InlineData("zh-CN", "运行中")]
    public async Task Page_AccountWithAShadowBotStatus_ShowsItTranslated(string culture, string expected)
    {
        var reported = await Service.CreateAsync(new AccountInput("sb-robot", "10.0.0.9", 8080), Ct);
        await Service.CreateAsync(new AccountInput("plain-robot", "10.0.0.10", 8080), Ct);
        await using (var db = await Services.GetRequiredService<IDbContextFactory<Core.Data.WorkbenchDbContext>>().CreateDbContextAsync(Ct))
        {
            await db.Accounts.Where(a => a.Id == reported.Id).ExecuteUpdateAsync(set => set.SetProperty(a => a.ShadowBotStatus, "running"), Ct);
        }

        System.Globalization.CultureInfo.CurrentUICulture = new System.Globalization.CultureInfo(culture);
        var page = Render<Web.Features.Accounts.Accounts>();

        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count));
        var chip = Assert.Single(page.FindAll("[data-shadowbot-status]"));
        Assert.Equal(("running", expected), (chip.GetAttribute("data-shadowbot-status"), chip.TextContent.Trim()));
        Assert.Contains("sb-robot", chip.Closest("tr")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_NarrowsRowsOnTheServer()
    {
        await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        await Service.CreateAsync(new AccountInput("tygj002", "10.0.0.2", 8080), Ct);
        await Service.CreateAsync(new AccountInput("kefu01", "10.0.0.3", 8080), Ct);
        var page = Render<Web.Features.Accounts.Accounts>();
        page.WaitForAssertion(() => Assert.Equal(3, DataRows(page).Count));

        await page.Find("input[type=text]").InputAsync("kefu");
        Clock.Advance(TimeSpan.FromSeconds(1)); // MudBlazor debounces typing on the injected TimeProvider

        page.WaitForAssertion(() => Assert.Equal("kefu01", Assert.Single(DataRows(page)).QuerySelector("td")!.TextContent.Trim()), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Address_FiltersTheRows_AndTypingWritesTheSearchBack()
    {
        await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        await Service.CreateAsync(new AccountInput("kefu01", "10.0.0.3", 8080), Ct);
        await Service.CreateAsync(new AccountInput("kefu02", "10.0.0.4", 8080), Ct);
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        navigation.NavigateTo("accounts?q=kefu&online=false");

        var page = Render<Web.Features.Accounts.Accounts>();

        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count));
        Assert.Equal("kefu", page.Find("input[type=text]").GetAttribute("value"));

        await page.Find("input[type=text]").InputAsync("kefu02");
        Clock.Advance(TimeSpan.FromSeconds(1)); // MudBlazor debounces typing on the injected TimeProvider

        page.WaitForAssertion(() => Assert.Equal("kefu02", Assert.Single(DataRows(page)).QuerySelector("td")!.TextContent.Trim()), TimeSpan.FromSeconds(5));
        Assert.Equal("http://localhost/accounts?q=kefu02&online=false", navigation.Uri);
    }

    [Fact]
    public async Task NewAccountDialog_InvalidInput_ShowsFieldMessagesAndSavesNothing()
    {
        var host = RenderDialogHost();
        var page = Render<Web.Features.Accounts.Accounts>();
        page.WaitForAssertion(() => Assert.Contains("No robot accounts match", page.Markup, StringComparison.Ordinal));

        OpenNewAccountDialog(page);
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog input")));
        var inputs = host.FindAll(".mud-dialog input");
        await inputs[0].InputAsync(new string('x', 65));
        await inputs[1].InputAsync("999.1.1.1");
        await inputs[2].InputAsync("70000");
        await host.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).ClickAsync(new());

        host.WaitForAssertion(() =>
        {
            var messages = string.Join("|", host.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent));
            Assert.Contains("At most 64 characters.", messages, StringComparison.Ordinal);
            Assert.Contains("Enter a valid IPv4 address, IPv6 address or host name.", messages, StringComparison.Ordinal);
            Assert.Contains("Port must be between 1 and 65535.", messages, StringComparison.Ordinal);
        });
        Assert.Equal(0, (await Service.ListAsync(new AccountQuery(), Ct)).TotalCount);
    }

    [Fact]
    public async Task NewAccountDialog_Duplicate_ShowsConflictMessage()
    {
        await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        var host = RenderDialogHost();
        var page = Render<Web.Features.Accounts.Accounts>();
        page.WaitForAssertion(() => Assert.Single(DataRows(page)));

        OpenNewAccountDialog(page);
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog input")));
        var inputs = host.FindAll(".mud-dialog input");
        await inputs[0].InputAsync("tygj001");
        await inputs[1].InputAsync("10.0.0.1");
        await inputs[2].InputAsync("8080");
        await host.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).ClickAsync(new());

        host.WaitForAssertion(() => Assert.Contains(
            "An account with this account name, host and port already exists.",
            host.Find(".mud-dialog [role=alert]").TextContent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeleteDialog_AccountWithTasks_ExplainsThenDeletesWithTasksWhenTicked()
    {
        var account = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        await using (var db = await Services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<Core.Data.WorkbenchDbContext>>().CreateDbContextAsync(Ct))
        {
            db.Tasks.Add(new Core.Tasks.RobotTask { TaskName = "daily", AppName = "云仓收藏", AccountId = account.Id });
            await db.SaveChangesAsync(Ct);
        }

        var host = RenderDialogHost();
        var page = Render<Web.Features.Accounts.Accounts>();
        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        page.Find($"button[aria-label='Delete {account.TaskControl}']").Click();
        host.WaitForAssertion(() => Assert.Contains("Delete robot account tygj001-10.0.0.1:8080?", host.Markup, StringComparison.Ordinal));

        await DialogButton(host, "Delete").ClickAsync(new());
        host.WaitForAssertion(() => Assert.Contains("This account still has 1 task(s).", host.Find(".mud-dialog [role=alert]").TextContent, StringComparison.Ordinal));
        Assert.NotNull(await Service.GetAsync(account.Id, Ct));

        await host.Find(".mud-dialog input[type=checkbox]").ChangeAsync(new() { Value = true });
        await DialogButton(host, "Delete").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(DataRows(page)));
        Assert.Null(await Service.GetAsync(account.Id, Ct));
    }

    [Fact]
    public async Task Page_AsViewer_ShowsRowsButNoNewEditOrDelete()
    {
        var account = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        User.SignIn(Core.Security.Roles.Viewer);

        var page = Render<Web.Features.Accounts.Accounts>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New account", StringComparison.Ordinal));
        Assert.Empty(page.FindAll($"button[aria-label='Edit {account.TaskControl}'], button[aria-label='Delete {account.TaskControl}']"));
    }

    [Fact]
    public async Task Page_AsOperator_ShowsNewEditAndDelete()
    {
        var account = await Service.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);

        var page = Render<Web.Features.Accounts.Accounts>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        Assert.Contains(page.FindAll("button"), b => b.TextContent.Contains("New account", StringComparison.Ordinal));
        Assert.Equal(2, page.FindAll($"button[aria-label='Edit {account.TaskControl}'], button[aria-label='Delete {account.TaskControl}']").Count);
    }

    private static IElement DialogButton(IRenderedComponent<MudBlazor.MudDialogProvider> host, string text) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    // Not awaited: the page's handler waits for the dialog to close.
    private static void OpenNewAccountDialog(IRenderedComponent<Web.Features.Accounts.Accounts> page) =>
        page.FindAll("button").Single(b => b.TextContent.Contains("New account", StringComparison.Ordinal)).Click();

    private static List<IElement> DataRows(IRenderedComponent<Web.Features.Accounts.Accounts> page) =>
        page.FindAll("tbody tr.mud-table-row").ToList();
}

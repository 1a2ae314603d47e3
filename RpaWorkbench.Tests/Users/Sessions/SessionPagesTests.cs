using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Core.Users.Sessions;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Users.Sessions;

namespace RpaWorkbench.Tests.Users.Sessions;

/// <summary>The Users page's sessions dialog (admins) and the "My sessions" page list sessions and end them.</summary>
public sealed class SessionPagesTests : WorkbenchComponentTest
{
    private const string Password = "a long enough pass phrase";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private const string Edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0";

    private UserService Users => Services.GetRequiredService<UserService>();

    [Fact]
    public async Task UsersPage_SessionsDialog_ListsTheUsersSessions_AndEndsOne()
    {
        User.SignIn(Roles.Admin);
        var wang = await Users.CreateAsync(new NewUser("wang", "王芳", Password, Password), Roles.Operator, Ct);
        await AddSessionAsync(wang.Id, "s-firefox", "10.0.0.7", Firefox);
        await AddSessionAsync(wang.Id, "s-edge", "10.0.0.8", Edge);
        var host = RenderDialogHost();
        var page = Render<Web.Features.Users.Users>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("button[aria-label='Sessions wang']")));

        page.Find("button[aria-label='Sessions wang']").Click();

        host.WaitForAssertion(() => Assert.Equal(2, SessionRows(host).Count));
        var firefox = SessionRows(host).Single(r => r.TextContent.Contains("10.0.0.7", StringComparison.Ordinal));
        Assert.Contains(Firefox, firefox.TextContent, StringComparison.Ordinal);
        await firefox.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "End session").ClickAsync(new());

        host.WaitForAssertion(() => Assert.Contains("10.0.0.8", Assert.Single(SessionRows(host)).TextContent, StringComparison.Ordinal));
        Assert.Equal(["s-edge"], await StoredSessionsAsync());
        Assert.Single(await AuditAsync(), e => e.Action == AuditActions.UserSessionEnded && e.TargetName == "wang");
    }

    [Fact]
    public async Task UsersPage_SessionsDialog_EndAll_AsksThenEndsEverySession()
    {
        User.SignIn(Roles.Admin);
        var wang = await Users.CreateAsync(new NewUser("wang", null, Password, Password), Roles.Operator, Ct);
        await AddSessionAsync(wang.Id, "s-firefox", "10.0.0.7", Firefox);
        await AddSessionAsync(wang.Id, "s-edge", "10.0.0.8", Edge);
        var host = RenderDialogHost();
        var page = Render<Web.Features.Users.Users>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("button[aria-label='Sessions wang']")));
        page.Find("button[aria-label='Sessions wang']").Click();
        host.WaitForAssertion(() => Assert.Equal(2, SessionRows(host).Count));

        DialogButton(host, "End all sessions").Click();
        host.WaitForAssertion(() => Assert.Contains("End all sessions of wang?", host.Markup, StringComparison.Ordinal));
        await host.FindAll(".mud-message-box button, .mud-dialog-actions button").Last(b => b.TextContent.Trim() == "End all sessions").ClickAsync(new());

        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll("[data-testid=no-sessions]")));
        Assert.Empty(await StoredSessionsAsync());
    }

    [Fact]
    public async Task MySessions_MarksThisBrowser_AndEndsAnother()
    {
        var admin = await Users.CreateFirstAdminAsync(new NewUser("li", null, Password, Password), Ct);
        User.SignInAs(admin.Id, "li", Roles.Viewer);
        User.SessionId = "s-here";
        await AddSessionAsync(admin.Id, "s-here", "10.0.0.9", Edge);
        await AddSessionAsync(admin.Id, "s-left-open", "10.0.0.10", Firefox);

        var page = Render<MySessions>();

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("[data-testid=session]").Count));
        var here = page.FindAll("[data-testid=session]").Single(r => r.TextContent.Contains("10.0.0.9", StringComparison.Ordinal));
        Assert.Contains("This browser", here.TextContent, StringComparison.Ordinal);
        Assert.Empty(here.QuerySelectorAll("button"));
        var leftOpen = page.FindAll("[data-testid=session]").Single(r => r.TextContent.Contains("10.0.0.10", StringComparison.Ordinal));
        await leftOpen.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == "End session").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Single(page.FindAll("[data-testid=session]")));
        Assert.Equal(["s-here"], await StoredSessionsAsync());
    }

    // A session as a sign-in stores it, for a user whose security stamp it carries; its ticket is never read by the lists.
    private async Task AddSessionAsync(string userId, string id, string address, string userAgent)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        var stamp = await db.Users.Where(u => u.Id == userId).Select(u => u.SecurityStamp).SingleAsync(Ct);
        var now = Clock.GetUtcNow().UtcDateTime;
        db.UserSessions.Add(new UserSession
        {
            Id = id, UserId = userId, Ticket = [1, 2, 3], SecurityStamp = stamp,
            CreatedAt = now.AddHours(-1), LastSeenAt = now, ExpiresAt = now.AddHours(8), ClientAddress = address, UserAgent = userAgent,
        });
        await db.SaveChangesAsync(Ct);
    }

    private async Task<List<string>> StoredSessionsAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await db.UserSessions.OrderBy(s => s.Id).Select(s => s.Id).ToListAsync(Ct);
    }

    private async Task<List<AuditEntry>> AuditAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.AsNoTracking().ToListAsync(Ct);
    }

    private static List<IElement> SessionRows(IRenderedComponent<MudDialogProvider> host) => host.FindAll("[data-testid=session]").ToList();

    private static IElement DialogButton(IRenderedComponent<MudDialogProvider> host, string text) =>
        host.FindAll(".mud-dialog button").First(b => b.TextContent.Trim() == text);
}

using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Core.Users.Sessions;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users.Sessions;

/// <summary>
/// What the server keeps of a sign-in: a row found by the SHA-256 of the cookie's session key, holding the ticket
/// protected, the times and the browser; never the key itself. The rows live in the database, so a restart keeps them.
/// </summary>
public sealed class SessionStoreTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private const string Password = "session store pass phrase";
    private const string Chrome = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_StoresTheKeysHashAndAProtectedTicket_NeverTheKey()
    {
        await app.AddUserAsync("hashed-session", Password, Roles.Viewer);
        var cookie = await SavedSession.SignInAsync(app.Browser(), "hashed-session", Password);
        var key = SessionKeyIn(cookie);

        var rows = await RowsOfAsync("hashed-session");

        var row = Assert.Single(rows);
        Assert.Equal(Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key))), row.Id);
        Assert.Equal(64, row.Id.Length);
        Assert.DoesNotContain(rows, r => r.Id == key);
        // Protected, not merely serialized: neither the user name nor the key can be read out of it.
        Assert.DoesNotContain("hashed-session", Encoding.UTF8.GetString(row.Ticket), StringComparison.Ordinal);
        Assert.DoesNotContain(key, Encoding.UTF8.GetString(row.Ticket), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SignIn_RecordsTheBrowserAndAnEightHourExpiry()
    {
        await app.AddUserAsync("recorded-session", Password, Roles.Viewer);
        var browser = app.Browser();
        browser.DefaultRequestHeaders.UserAgent.ParseAdd(Chrome);

        await SavedSession.SignInAsync(browser, "recorded-session", Password);

        var row = Assert.Single(await RowsOfAsync("recorded-session"));
        Assert.Equal(Chrome, row.UserAgent);
        Assert.Equal(row.CreatedAt, row.LastSeenAt);
        Assert.Equal(TimeSpan.FromHours(8), row.ExpiresAt - row.CreatedAt);
        Assert.InRange(row.CreatedAt, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddSeconds(1));
    }

    [Fact]
    public async Task Renew_WithAnotherUsersTicket_EndsTheSessionInsteadOfHandingItOver()
    {
        await app.AddUserAsync("fixed-session-owner", Password, Roles.Viewer);
        await app.AddUserAsync("fixed-session-victim", Password, Roles.Admin);
        var cookie = await SavedSession.SignInAsync(app.Browser(), "fixed-session-owner", Password);
        await using var scope = app.Services.CreateAsyncScope();
        var victim = (await scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>().FindByNameAsync("fixed-session-victim"))!;
        var victimsTicket = new AuthenticationTicket(
            await scope.ServiceProvider.GetRequiredService<SignInManager<WorkbenchUser>>().CreateUserPrincipalAsync(victim),
            new AuthenticationProperties { IssuedUtc = DateTimeOffset.UtcNow, ExpiresUtc = DateTimeOffset.UtcNow.AddHours(8) },
            IdentityConstants.ApplicationScheme);

        await CookieOptions().SessionStore!.RenewAsync(SessionKeyIn(cookie), victimsTicket, Ct);

        Assert.Empty(await RowsOfAsync("fixed-session-owner"));
        Assert.Empty(await RowsOfAsync("fixed-session-victim"));
        Assert.Equal(HttpStatusCode.Redirect, (await SavedSession.GetAsync(app, cookie, "/logs", Ct)).StatusCode);
    }

    [Fact]
    public async Task Restart_SessionsSurvive_AndASignOutAfterItStillEndsThem()
    {
        using var data = new TempDirectory();
        string cookie;
        await using (var before = WorkbenchAppFactory.On(data))
        {
            cookie = await SavedSession.SignInAsync(before.Browser(), WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
        }

        await using var after = WorkbenchAppFactory.On(data);
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(after, cookie, "/logs", Ct)).StatusCode);

        await SavedSession.SignOutAsync(SavedSession.BrowserWith(after, cookie), Ct);

        Assert.Equal(HttpStatusCode.Redirect, (await SavedSession.GetAsync(after, cookie, "/logs", Ct)).StatusCode);
    }

    private CookieAuthenticationOptions CookieOptions() =>
        app.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);

    // The random key inside the cookie, read with the host's own cookie protection (as only the server can).
    private string SessionKeyIn(string cookie)
    {
        var ticket = CookieOptions().TicketDataFormat.Unprotect(cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..])
                     ?? throw new InvalidOperationException("The cookie could not be read.");
        return ticket.Principal.FindFirstValue("Microsoft.AspNetCore.Authentication.Cookies-SessionId")
               ?? throw new InvalidOperationException("The cookie names no session.");
    }

    private async Task<List<UserSession>> RowsOfAsync(string userName)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await db.UserSessions.AsNoTracking()
            .Where(s => db.Users.Any(u => u.Id == s.UserId && u.UserName == userName))
            .ToListAsync(Ct);
    }
}

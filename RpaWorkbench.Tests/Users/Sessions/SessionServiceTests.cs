using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Core.Users.Sessions;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users.Sessions;

/// <summary>Admins see where a user is signed in and end one session or all (audited); users see and end their own; nobody else.</summary>
public sealed class SessionServiceTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private const string Password = "session service pass phrase";
    private const string Firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0";
    private const string Edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36 Edg/131.0";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Admin_ListsAUsersSessions_AndEndsOne()
    {
        var (userId, atHome, atWork) = await UserWithTwoBrowsersAsync("listed-user");
        await using var scope = app.Services.CreateAsyncScope();
        var sessions = WorkbenchAppFactory.AsAdmin<SessionService>(scope);

        var listed = await sessions.ListAsync(userId, Ct);

        Assert.Equal(2, listed.Count);
        Assert.Equal([Edge, Firefox], listed.Select(s => s.UserAgent).Order());
        Assert.All(listed, s => Assert.False(s.IsCurrent));
        var firefox = listed.Single(s => s.UserAgent == Firefox);

        Assert.True(await sessions.EndAsync(userId, firefox.Id, Ct));

        Assert.Equal(HttpStatusCode.Redirect, (await SavedSession.GetAsync(app, atHome, "/logs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(app, atWork, "/logs", Ct)).StatusCode);
        Assert.Equal(Edge, Assert.Single(await sessions.ListAsync(userId, Ct)).UserAgent);
        var entry = Assert.Single(await AuditOfAsync(userId));
        Assert.Equal(("admin-user", AuditActions.UserSessionEnded, AuditTargetTypes.User, "listed-user"), (entry.Actor, entry.Action, entry.TargetType, entry.TargetName));
        Assert.Equal("session", Assert.Single(entry.Changes()).Field);
    }

    [Fact]
    public async Task Admin_EndsAllSessionsOfAUser_Audited()
    {
        var (userId, atHome, atWork) = await UserWithTwoBrowsersAsync("ended-user");
        await using var scope = app.Services.CreateAsyncScope();
        var sessions = WorkbenchAppFactory.AsAdmin<SessionService>(scope);

        Assert.Equal(2, await sessions.EndAllAsync(userId, Ct));

        Assert.Equal(HttpStatusCode.Redirect, (await SavedSession.GetAsync(app, atHome, "/logs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SavedSession.GetAsync(app, atWork, "/logs", Ct)).StatusCode);
        Assert.Empty(await sessions.ListAsync(userId, Ct));
        var entry = Assert.Single(await AuditOfAsync(userId));
        Assert.Equal(AuditActions.UserSessionsEnded, entry.Action);
        Assert.Equal([("sessions", "2", "0")], entry.Changes());
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Viewer)]
    public async Task NonAdmin_CannotListOrEndAnotherUsersSessions(string role)
    {
        var (userId, atHome, _) = await UserWithTwoBrowsersAsync("guarded-user-" + role.ToLowerInvariant());
        await using var scope = app.Services.CreateAsyncScope();
        var caller = new TestCurrentUser();
        caller.SignIn(role);
        var sessions = ActivatorUtilities.CreateInstance<SessionService>(scope.ServiceProvider, caller);
        var anyId = (await WorkbenchAppFactory.AsAdmin<SessionService>(scope).ListAsync(userId, Ct))[0].Id;

        await Assert.ThrowsAsync<AccessDeniedException>(() => sessions.ListAsync(userId, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => sessions.EndAsync(userId, anyId, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => sessions.EndAllAsync(userId, Ct));
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(app, atHome, "/logs", Ct)).StatusCode);
    }

    [Fact]
    public async Task User_SeesOwnSessionsOnly_AndEndsOneOfThem()
    {
        var (userId, atHome, atWork) = await UserWithTwoBrowsersAsync("own-sessions");
        await UserWithTwoBrowsersAsync("someone-else");
        await using var scope = app.Services.CreateAsyncScope();
        var me = new TestCurrentUser();
        me.SignInAs(userId, "own-sessions", Roles.Viewer);
        var sessions = ActivatorUtilities.CreateInstance<SessionService>(scope.ServiceProvider, me);

        var mine = await sessions.ListOwnAsync(Ct);
        Assert.Equal(2, mine.Count);
        me.SessionId = mine.Single(s => s.UserAgent == Edge).Id;
        Assert.Equal(Edge, Assert.Single(await sessions.ListOwnAsync(Ct), s => s.IsCurrent).UserAgent);

        Assert.True(await sessions.EndOwnAsync(mine.Single(s => s.UserAgent == Firefox).Id, Ct));

        Assert.Equal(HttpStatusCode.Redirect, (await SavedSession.GetAsync(app, atHome, "/logs", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(app, atWork, "/logs", Ct)).StatusCode);
    }

    [Fact]
    public async Task User_CannotEndAnotherUsersSessionByItsId()
    {
        var (victimId, victimAtHome, _) = await UserWithTwoBrowsersAsync("not-yours");
        var (userId, _, _) = await UserWithTwoBrowsersAsync("curious-user");
        await using var scope = app.Services.CreateAsyncScope();
        var victimsSession = (await WorkbenchAppFactory.AsAdmin<SessionService>(scope).ListAsync(victimId, Ct))[0].Id;
        var me = new TestCurrentUser();
        me.SignInAs(userId, "curious-user", Roles.Operator);

        Assert.False(await ActivatorUtilities.CreateInstance<SessionService>(scope.ServiceProvider, me).EndOwnAsync(victimsSession, Ct));

        Assert.Equal(2, (await WorkbenchAppFactory.AsAdmin<SessionService>(scope).ListAsync(victimId, Ct)).Count);
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(app, victimAtHome, "/logs", Ct)).StatusCode);
    }

    // A user signed in with Firefox at home and Edge at work: the user's id and the two cookies.
    private async Task<(string UserId, string AtHome, string AtWork)> UserWithTwoBrowsersAsync(string userName)
    {
        await app.AddUserAsync(userName, Password, Roles.Viewer);
        var home = app.Browser();
        home.DefaultRequestHeaders.UserAgent.ParseAdd(Firefox);
        var work = app.Browser();
        work.DefaultRequestHeaders.UserAgent.ParseAdd(Edge);
        var atHome = await SavedSession.SignInAsync(home, userName, Password);
        var atWork = await SavedSession.SignInAsync(work, userName, Password);
        await using var scope = app.Services.CreateAsyncScope();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>().FindByNameAsync(userName))!;
        return (user.Id, atHome, atWork);
    }

    private async Task<List<AuditEntry>> AuditOfAsync(string userId)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await db.AuditEntries.AsNoTracking()
            .Where(e => e.TargetId == userId && (e.Action == AuditActions.UserSessionEnded || e.Action == AuditActions.UserSessionsEnded))
            .ToListAsync(Ct);
    }
}

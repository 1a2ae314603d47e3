using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// Repeated wrong passwords slow the guesser down instead of locking the account: per client address (growing waits,
/// the same answer whatever name was typed) and per user (only after many failures from anywhere, answered like a wrong
/// password, ended by an admin). A stranger cannot lock anyone out, nor learn which names exist.
/// </summary>
public sealed partial class SignInThrottleTests
{
    private const string Password = "correct horse battery";
    private const string WrongPasswordMessage = "The user name or password is not correct.";

    // The client sits behind a proxy on this machine, which names it in X-Forwarded-For (trusted from loopback).
    private static readonly Dictionary<string, string> BehindProxy = new() { ["Workbench:ForwardedHeaders:Enabled"] = "true" };

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("locked")]
    [InlineData("disabled")]
    [InlineData("unknown")]
    public async Task SignIn_LockedDisabledOrUnknownUser_AnsweredExactlyLikeAWrongPassword(string kind)
    {
        await using var app = WorkbenchAppFactory.With(BehindProxy);
        await app.AddUserAsync("real-user", Password, Roles.Operator);
        await app.AddUserAsync("odd-user", Password, Roles.Operator);
        await ChangeUserAsync(app, "odd-user", async (users, user) =>
        {
            if (kind == "locked")
            {
                await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddHours(1));
            }
            else if (kind == "disabled")
            {
                user.IsDisabled = true;
                await users.UpdateAsync(user);
            }
        });

        var wrong = await SignInFromAsync(app, "198.51.100.1", "real-user", "not the password");
        var odd = await SignInFromAsync(app, "198.51.100.2", kind == "unknown" ? "nobody-by-this-name" : "odd-user", Password);

        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Equal(WrongPasswordMessage, await AlertAsync(wrong));
        Assert.Equal((wrong.StatusCode, await AlertAsync(wrong)), (odd.StatusCode, await AlertAsync(odd)));
        Assert.Null(odd.Headers.Location);
    }

    [Fact]
    public async Task SignIn_StrangerTriesManyPasswordsForTheAdmin_AdminStillSignsInFromElsewhere()
    {
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string>(BehindProxy)
        {
            ["Workbench:SignIn:Throttle:FreeFailuresPerAddress"] = "3",
            ["Workbench:SignIn:Throttle:FreeFailuresPerUser"] = "10",
        });

        for (var attempt = 0; attempt < 20; attempt++)
        {
            await SignInFromAsync(app, "203.0.113.66", WorkbenchAppFactory.AdminUser, "guess " + attempt);
        }

        var admin = await SignInFromAsync(app, "198.51.100.20", WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Redirect, admin.StatusCode);
        Assert.Equal(0, (await FindUserAsync(app, WorkbenchAppFactory.AdminUser)).AccessFailedCount);
    }

    [Fact]
    public async Task SignIn_AddressPastItsFreeFailures_WaitsTwiceAsLongEachTime_WhateverNameItTypes()
    {
        var clock = new TestClock(DateTimeOffset.UtcNow);
        await using var configured = WorkbenchAppFactory.With(new Dictionary<string, string>(BehindProxy)
        {
            ["Workbench:SignIn:Throttle:FreeFailuresPerAddress"] = "3",
            ["Workbench:SignIn:Throttle:FirstDelay"] = "00:00:10",
        });
        await using var app = configured.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<TimeProvider>(clock)));
        const string address = "203.0.113.7";
        for (var attempt = 0; attempt < 4; attempt++)
        {
            Assert.Equal(WrongPasswordMessage, await AlertAsync(await SignInFromAsync(app, address, "nobody-" + attempt, "guess")));
        }

        // The fourth failure (one past the three free ones) makes the address wait 10 s, whatever name comes next.
        var forUnknown = await SignInFromAsync(app, address, "nobody-else", "guess");
        var forAdmin = await SignInFromAsync(app, address, WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
        var elsewhere = await SignInFromAsync(app, "198.51.100.7", WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);

        foreach (var refused in new[] { forUnknown, forAdmin })
        {
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(10), refused.Headers.RetryAfter?.Delta);
            Assert.Equal("Too many failed sign-ins from your address. Try again in 10 s.", await AlertAsync(refused));
        }

        Assert.Equal(HttpStatusCode.Redirect, elsewhere.StatusCode);

        clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(WrongPasswordMessage, await AlertAsync(await SignInFromAsync(app, address, WorkbenchAppFactory.AdminUser, "guess again")));
        clock.Advance(TimeSpan.FromSeconds(19));
        Assert.Equal(TimeSpan.FromSeconds(1), (await SignInFromAsync(app, address, "nobody-else", "guess")).Headers.RetryAfter?.Delta);
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInFromAsync(app, address, WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword)).StatusCode);

        await using var db = await ContextAsync(app);
        var refusals = await db.AuditEntries.AsNoTracking().Where(e => e.Action == "signin.throttled").ToListAsync(Ct);
        Assert.Equal(3, refusals.Count);
        Assert.All(refusals, e => Assert.Equal(address, e.ClientAddress));
        Assert.Equal([AuditActors.Anonymous, WorkbenchAppFactory.AdminUser, AuditActors.Anonymous], refusals.OrderBy(e => e.Id).Select(e => e.Actor));
    }

    [Fact]
    public async Task SignIn_UserPastItsFreeFailuresFromManyAddresses_RefusedLikeAWrongPasswordUntilAnAdminUnlocks()
    {
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string>(BehindProxy)
        {
            ["Workbench:SignIn:Throttle:FreeFailuresPerUser"] = "3",
            ["Workbench:SignIn:Throttle:FirstDelay"] = "00:10:00",
            ["Workbench:SignIn:Throttle:MaxUserDelay"] = "00:10:00",
        });
        await app.AddUserAsync("target", Password, Roles.Operator);
        for (var attempt = 0; attempt < 4; attempt++)
        {
            await SignInFromAsync(app, $"203.0.113.{10 + attempt}", "target", "guess " + attempt);
        }

        var owner = await SignInFromAsync(app, "198.51.100.30", "target", Password);

        Assert.Equal((HttpStatusCode.OK, WrongPasswordMessage), (owner.StatusCode, await AlertAsync(owner)));
        var lockedUntil = (await FindUserAsync(app, "target")).LockoutEnd;
        Assert.InRange(lockedUntil!.Value, DateTimeOffset.UtcNow.AddMinutes(9), DateTimeOffset.UtcNow.AddMinutes(10));
        await using (var db = await ContextAsync(app))
        {
            var last = await db.AuditEntries.AsNoTracking().Where(e => e.TargetName == "target").OrderBy(e => e.Id).LastAsync(Ct);
            Assert.Equal(AuditActions.SignInLockedOut, last.Action);
        }

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await WorkbenchAppFactory.AsAdmin<UserService>(scope).UnlockAsync((await FindUserAsync(app, "target")).Id, Ct);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await SignInFromAsync(app, "198.51.100.30", "target", Password)).StatusCode);
    }

    [Fact]
    public async Task SignIn_TwoInstancesOnOneDatabase_ShareTheAddressesWaits()
    {
        using var directory = new TempDirectory();
        var settings = new Dictionary<string, string>(BehindProxy) { ["Workbench:SignIn:Throttle:FreeFailuresPerAddress"] = "2",
            ["Workbench:SignIn:Throttle:FirstDelay"] = "00:01:00",
        };
        await using var first = WorkbenchAppFactory.On(directory, settings);
        await using var second = WorkbenchAppFactory.On(directory, settings);
        _ = first.Server;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            await SignInFromAsync(first, "203.0.113.99", "nobody", "guess " + attempt);
        }

        var refused = await SignInFromAsync(second, "203.0.113.99", WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
    }

    /// <summary>Posts the sign-in form as a browser at <paramref name="address"/> (behind the local proxy) would.</summary>
    internal static async Task<HttpResponseMessage> SignInFromAsync(WebApplicationFactory<Program> app, string address, string userName, string password)
    {
        var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return await SignInForm.SignInAsync(client, userName, password);
    }

    /// <summary>The text of the form's alert, or null when the page shows none.</summary>
    internal static async Task<string?> AlertAsync(HttpResponseMessage response)
    {
        var match = Alert().Match(await response.Content.ReadAsStringAsync());
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : null;
    }

    private static async Task ChangeUserAsync(WorkbenchAppFactory app, string userName, Func<UserManager<WorkbenchUser>, WorkbenchUser, Task> change)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        await change(users, (await users.FindByNameAsync(userName))!);
    }

    private static async Task<WorkbenchUser> FindUserAsync(WebApplicationFactory<Program> app, string userName)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>().FindByNameAsync(userName))!;
    }

    private Task<WorkbenchDbContext> ContextAsync(WebApplicationFactory<Program> app) =>
        app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);

    [GeneratedRegex("class=\"mud-alert-message\">([^<]*)<")]
    private static partial Regex Alert();
}

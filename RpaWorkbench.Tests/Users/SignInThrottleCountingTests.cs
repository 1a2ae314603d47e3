using System.Net;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users;

/// <summary>
/// How <see cref="SignInThrottle"/> counts failed sign-ins on the real database: free failures, then waits that double
/// up to a ceiling, per address (IPv6 by /64) and per user, forgotten after a quiet spell.
/// </summary>
public abstract class SignInThrottleCountingTests(DatabaseProvider provider) : IAsyncLifetime
{
    private const string Password = "a long enough pass phrase";
    private static readonly IPAddress Client = IPAddress.Parse("203.0.113.5");

    private readonly CoreTestHost _core = new(provider, new Dictionary<string, string?>
    {
        ["Workbench:SignIn:Throttle:FreeFailuresPerAddress"] = "2",
        ["Workbench:SignIn:Throttle:FreeFailuresPerUser"] = "3",
        ["Workbench:SignIn:Throttle:FirstDelay"] = "00:00:01",
        ["Workbench:SignIn:Throttle:MaxAddressDelay"] = "00:00:04",
        ["Workbench:SignIn:Throttle:MaxUserDelay"] = "00:00:02",
        ["Workbench:SignIn:Throttle:ForgetAfter"] = "00:10:00",
    });

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    private SignInThrottle Throttle => _core.Get<SignInThrottle>();

    public async ValueTask InitializeAsync()
    {
        await _core.MigrateAsync();
        _core.User.SignIn(Roles.Admin);
        await _core.Get<UserService>().CreateAsync(new NewUser("wang", null, Password, Password), Roles.Operator, Ct);
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task Address_PastItsFreeFailures_WaitsTwiceAsLongEachTimeUpToTheCeiling()
    {
        var waits = new List<double>();
        for (var failure = 0; failure < 6; failure++)
        {
            await Throttle.RecordFailureAsync("nobody", Client, countForUser: true, Ct);
            waits.Add((await Throttle.WaitForAsync(Client, Ct)).TotalSeconds);
        }

        Assert.Equal([0, 0, 1, 2, 4, 4], waits);
        Assert.Equal(TimeSpan.Zero, await Throttle.WaitForAsync(IPAddress.Parse("203.0.113.6"), Ct));
    }

    [Fact]
    public async Task Address_QuietForLongerThanForgetAfter_StartsOverWithItsFreeFailures()
    {
        for (var failure = 0; failure < 3; failure++)
        {
            await Throttle.RecordFailureAsync("nobody", Client, countForUser: false, Ct);
        }

        _core.Clock.Advance(TimeSpan.FromMinutes(10) + TimeSpan.FromSeconds(1));
        await Throttle.RecordFailureAsync("nobody", Client, countForUser: false, Ct);

        Assert.Equal(TimeSpan.Zero, await Throttle.WaitForAsync(Client, Ct));
        await using var db = await _core.CreateDbContextAsync();
        Assert.Equal(1, await db.SignInThrottles.Where(e => e.Address == "203.0.113.5").Select(e => e.Failures).SingleAsync(Ct));
    }

    [Fact]
    public async Task Address_IPv6ClientsInOne64Network_ShareOneCount_IPv4MappedCountsAsIPv4()
    {
        await Throttle.RecordFailureAsync("nobody", IPAddress.Parse("2001:db8:1:2::1"), countForUser: false, Ct);
        await Throttle.RecordFailureAsync("nobody", IPAddress.Parse("2001:db8:1:2:ffff:ffff:ffff:ffff"), countForUser: false, Ct);
        await Throttle.RecordFailureAsync("nobody", IPAddress.Parse("2001:db8:1:2::abcd"), countForUser: false, Ct);
        await Throttle.RecordFailureAsync("nobody", IPAddress.Parse("::ffff:203.0.113.5"), countForUser: false, Ct);

        Assert.Equal(TimeSpan.FromSeconds(1), await Throttle.WaitForAsync(IPAddress.Parse("2001:db8:1:2::9"), Ct));
        Assert.Equal(TimeSpan.Zero, await Throttle.WaitForAsync(IPAddress.Parse("2001:db8:1:3::1"), Ct));
        await using var db = await _core.CreateDbContextAsync();
        Assert.Equal(
            [("2001:db8:1:2::/64", 3), ("203.0.113.5", 1)],
            (await db.SignInThrottles.Select(e => new { e.Address, e.Failures }).ToListAsync(Ct)).Select(e => (e.Address, e.Failures)).Order());
    }

    [Fact]
    public async Task User_PastItsFreeFailuresFromAnywhere_WaitsUntilIdentitysLockoutEnd()
    {
        var start = _core.Clock.GetUtcNow();
        var waits = new List<DateTimeOffset?>();
        for (var failure = 0; failure < 6; failure++)
        {
            await Throttle.RecordFailureAsync("WANG", IPAddress.Parse($"198.51.100.{failure}"), countForUser: true, Ct);
            waits.Add(await LockoutEndAsync());
        }

        Assert.Equal([null, null, null, start.AddSeconds(1), start.AddSeconds(2), start.AddSeconds(2)], waits);
    }

    [Fact]
    public async Task User_AttemptRefusedUnchecked_DoesNotMakeTheWaitLonger()
    {
        for (var failure = 0; failure < 3; failure++)
        {
            await Throttle.RecordFailureAsync("wang", Client, countForUser: false, Ct);
        }

        await using var db = await _core.CreateDbContextAsync();
        Assert.Equal(0, await db.Users.Where(u => u.UserName == "wang").Select(u => u.AccessFailedCount).SingleAsync(Ct));
    }

    [Fact]
    public async Task UnknownName_IsCountedForTheAddressOnly_AndNotStored()
    {
        const string typed = "hunter2-typed-in-the-wrong-field";

        await Throttle.RecordFailureAsync(typed, Client, countForUser: true, Ct);

        await using var db = await _core.CreateDbContextAsync();
        Assert.Equal(["203.0.113.5"], await db.SignInThrottles.Select(e => e.Address).ToListAsync(Ct));
        Assert.False(await db.Users.AnyAsync(u => u.AccessFailedCount > 0, Ct));
    }

    private async Task<DateTimeOffset?> LockoutEndAsync()
    {
        await using var db = await _core.CreateDbContextAsync();
        return await db.Users.Where(u => u.UserName == "wang").Select(u => u.LockoutEnd).SingleAsync(Ct);
    }
}

public sealed class SignInThrottleCountingTestsOnSqlite() : SignInThrottleCountingTests(DatabaseProvider.Sqlite);

public sealed class SignInThrottleCountingTestsOnPostgreSql() : SignInThrottleCountingTests(DatabaseProvider.PostgreSQL);

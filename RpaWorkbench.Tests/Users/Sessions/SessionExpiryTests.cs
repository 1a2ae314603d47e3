using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Users.Sessions;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users.Sessions;

/// <summary>
/// A session lasts 8 hours after the browser was last seen (sliding), is refused once that has passed, and its row is
/// deleted by the hourly clean-up — all on a fake clock the test moves.
/// </summary>
public sealed class SessionExpiryTests : IAsyncLifetime
{
    private readonly ClockedWorkbench _app = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Session_UsedWithinEightHours_Slides_ThenExpiresAndIsCleanedUp()
    {
        var cookie = await SavedSession.SignInAsync(_app.Browser(), WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
        // The hourly clean-up is waiting on the clock (log retention, the other hourly pass, is off here): moving the clock runs it.
        await _app.Clock.WaitForTimerAsync(0, t => t.Period == SessionCleanup.Interval, "the session clean-up's hourly timer");

        _app.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(_app, cookie, "/logs", Ct)).StatusCode);
        _app.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(_app, cookie, "/logs", Ct)).StatusCode);
        Assert.Equal(1, await SessionsAsync());

        _app.Clock.Advance(TimeSpan.FromHours(8) + TimeSpan.FromMinutes(1));

        var refused = await SavedSession.GetAsync(_app, cookie, "/logs", Ct);
        Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
        Assert.Equal("/signin?ReturnUrl=%2Flogs", refused.Headers.Location?.OriginalString);
        await WaitUntilAsync(async () => await SessionsAsync() == 0, "the expired session's row to be deleted");
    }

    [Fact]
    public async Task Cleanup_DeletesTheExpiredSession_KeepsTheOneInUse()
    {
        var used = await SavedSession.SignInAsync(_app.Browser(), WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
        await SavedSession.SignInAsync(_app.Browser(), WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
        var cleanup = _app.Services.GetRequiredService<SessionCleanup>();

        _app.Clock.Advance(TimeSpan.FromHours(5));
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(_app, used, "/logs", Ct)).StatusCode);
        Assert.Equal(0, await cleanup.RemoveExpiredAsync(Ct));
        _app.Clock.Advance(TimeSpan.FromHours(4));
        // The hourly pass may have got there first; either way exactly the unused session is gone.
        await cleanup.RemoveExpiredAsync(Ct);

        Assert.Equal(1, await SessionsAsync());
        Assert.Equal(HttpStatusCode.OK, (await SavedSession.GetAsync(_app, used, "/logs", Ct)).StatusCode);
    }

    private async Task<int> SessionsAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await db.UserSessions.CountAsync(Ct);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"Gave up waiting for {what}.");
            await Task.Delay(50, Ct);
        }
    }

    /// <summary>
    /// The Workbench on a clock that moves only when the test says. Moving it by hours fires every periodic timer once
    /// per period, so the quarter-second WAL checkpoint is off and the run watchdog looks every 4 hours.
    /// </summary>
    private sealed class ClockedWorkbench() : WorkbenchAppFactory(new Dictionary<string, string>
    {
        ["Workbench:Database:CheckpointInterval"] = "00:00:00",
        ["Workbench:Robots:WatchdogInterval"] = "04:00:00",
    })
    {
        public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 25, 1, 0, 0, TimeSpan.Zero));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(Clock));
        }
    }
}

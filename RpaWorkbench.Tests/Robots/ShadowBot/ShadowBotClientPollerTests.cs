using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

/// <summary>The client poller against the fake ShadowBot: client/list's statuses reach the accounts, unknown clients are adopted once.</summary>
public sealed class ShadowBotClientPollerTests : IAsyncLifetime
{
    private const string Robot = ShadowBotLoopsHost.Robot;

    private ShadowBotLoopsHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await ShadowBotLoopsHost.StartAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Poll_ClientStatusChanges_ReachTheAccountWithAHeartbeat()
    {
        var id = await AccountAsync(heardFrom: null);
        _host.Fake.Dispatch.AddClient(Robot, status: "idle");

        Assert.Equal(1, await PollAsync());
        var account = await AccountAsync(id);
        Assert.Equal(("idle", (DateTime?)_host.Now), (account.ShadowBotStatus, account.LastHeartbeatAt));

        // Still idle and still online: nothing the accounts page would show differently.
        _host.Core.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await PollAsync());
        Assert.Equal(_host.Now, (await AccountAsync(id)).LastHeartbeatAt);

        _host.Fake.Dispatch.SetClientStatus(Robot, "allocated");
        Assert.Equal(1, await PollAsync());
        Assert.Equal("allocated", (await AccountAsync(id)).ShadowBotStatus);
        Assert.Single(await AccountsAsync());
    }

    [Fact]
    public async Task Poll_OfflineClient_StatusOfflineAndNoHeartbeat()
    {
        var lastHeard = _host.Now.AddMinutes(-10);
        var id = await AccountAsync(heardFrom: lastHeard);
        _host.Fake.Dispatch.AddClient(Robot, status: "offline");

        Assert.Equal(1, await PollAsync());

        var account = await AccountAsync(id);
        Assert.Equal(("offline", (DateTime?)lastHeard), (account.ShadowBotStatus, account.LastHeartbeatAt));
    }

    [Fact]
    public async Task Poll_UnknownClientWithTwoPollersAtOnce_OneUnregisteredAccount()
    {
        _host.Fake.Dispatch.AddClient("robot9@fake", status: "connected");
        await using var second = _host.Core.OnTheSameDatabase();

        await Task.WhenAll(PollAsync(), second.Get<ShadowBotClientPoller>().PollAsync(Ct), PollAsync(), second.Get<ShadowBotClientPoller>().PollAsync(Ct));

        var account = Assert.Single(await AccountsAsync());
        Assert.Equal(("robot9@fake", "", 0, true), (account.ShadowBotAccount, account.HostIp, account.Port, account.Unregistered));
        Assert.Equal(("connected", (DateTime?)_host.Now, "robot9@fake-:0"), (account.ShadowBotStatus, account.LastHeartbeatAt, account.TaskControl));
    }

    [Fact]
    public async Task Poll_MoreClientsThanOnePage_EveryPageRead()
    {
        for (var i = 1; i <= 130; i++)
        {
            _host.Fake.Dispatch.AddClient($"robot{i:000}@fake", status: "idle");
        }

        Assert.Equal(130, await PollAsync());

        Assert.Equal(130, (await AccountsAsync()).Count(a => a.ShadowBotStatus == "idle" && a.Unregistered));
        Assert.Equal(2, _host.Fake.RequestsTo("dispatch/v2/client/list").Count);
    }

    [Theory]
    [InlineData("Direct")]
    [InlineData("Simulated")]
    public async Task Loops_ModeIsNotShadowBot_NeitherRuns(string mode)
    {
        await using var fake = await FakeShadowBot.StartAsync(TimeProvider.System);
        fake.Dispatch.AddClient(Robot);
        await using var core = await new CoreTestHost(ShadowBotLoopsHost.Settings(fake, mode)).MigrateAsync();
        var reconciler = core.Get<ShadowBotReconciler>();
        var poller = core.Get<ShadowBotClientPoller>();

        await reconciler.StartAsync(Ct);
        await poller.StartAsync(Ct);

        // ExecuteAsync runs on a thread of its own: it has returned once its task completes.
        await reconciler.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        await poller.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(30), Ct);
        Assert.Equal(0, core.Clock.TimersSet);
        Assert.Empty(fake.Requests);
        Assert.Empty(await core.ReadAsync(db => db.Accounts.ToListAsync(Ct)));
    }

    [Fact]
    public async Task Loops_ShadowBotMode_BothWaitOnTheirIntervals()
    {
        var reconciler = _host.Core.Get<ShadowBotReconciler>();
        var poller = _host.Core.Get<ShadowBotClientPoller>();

        await reconciler.StartAsync(Ct);
        await poller.StartAsync(Ct);

        await _host.Core.Clock.WaitForTimerAsync(0, t => t.Period == TimeSpan.FromSeconds(30), "the reconciler's 30 s passes");
        await _host.Core.Clock.WaitForTimerAsync(0, t => t.Period == TimeSpan.FromMinutes(1), "the poller's 1 min passes");
        Assert.False(reconciler.ExecuteTask!.IsCompleted);
        await reconciler.StopAsync(Ct);
        await poller.StopAsync(Ct);
    }

    private Task<int> PollAsync() => _host.Core.Get<ShadowBotClientPoller>().PollAsync(Ct);

    private async Task<long> AccountAsync(DateTime? heardFrom)
    {
        await using var db = await _host.Core.CreateDbContextAsync();
        var account = new Account
        {
            ShadowBotAccount = Robot, HostIp = "10.0.0.8", Port = 8080, TaskControl = Robot + "-10.0.0.8:8080",
            LastHeartbeatAt = heardFrom, CreatedAt = _host.Now, UpdatedAt = _host.Now,
        };
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        return account.Id;
    }

    private Task<Account> AccountAsync(long id) => _host.Core.ReadAsync(db => db.Accounts.AsNoTracking().SingleAsync(a => a.Id == id, Ct));

    private Task<List<Account>> AccountsAsync() => _host.Core.ReadAsync(db => db.Accounts.AsNoTracking().ToListAsync(Ct));
}

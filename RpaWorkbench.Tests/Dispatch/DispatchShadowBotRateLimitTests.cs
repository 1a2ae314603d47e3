using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Dispatch;

/// <summary>A queued run whose ShadowBot start is rate-limited past the client's back-off waits again; it is never dropped.</summary>
public sealed class DispatchShadowBotRateLimitTests : IAsyncLifetime
{
    private FakeShadowBot _fake = null!;
    private DispatchTestBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeShadowBot.StartAsync(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero)));
        _fake.Dispatch.AddClient("tygj00001");
        _bed = await DispatchTestBed.StartAsync(DatabaseProvider.Sqlite,
            ("Workbench:Robots:Mode", "ShadowBot"),
            ("Workbench:ShadowBot:BaseUrl", _fake.BaseUrl.ToString()),
            ("Workbench:ShadowBot:AccessKeyId", FakeShadowBot.AccessKeyId),
            ("Workbench:ShadowBot:AccessKeySecret", FakeShadowBot.AccessKeySecret));
    }

    public async ValueTask DisposeAsync()
    {
        await _bed.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Pass_StartRateLimited_RunWaitsAgainTenSeconds_ThenStartsOnceWithTheSameRunId()
    {
        var robot = await _bed.AddRobotAsync("tygj00001");
        var group = await _bed.AddGroupAsync("财务组", robot);
        var task = await _bed.AddTaskAsync(robot, group);
        await using (var db = await _bed.Host.CreateDbContextAsync())
        {
            (await db.Tasks.SingleAsync(t => t.Id == task, Ct)).ShadowBot = new ShadowBotTaskSettings { RobotUuid = "app-7c1e" };
            await db.SaveChangesAsync(Ct);
        }

        await _bed.EnqueueAsync("run-429", task, group: group);
        // The first start and the client's three quick retries.
        _fake.Fail("dispatch/v2/job/start", 429, "RequestLimitExceeded", times: 4, retryAfterSeconds: 0);

        Assert.Equal(0, (await _bed.PassAsync()).Started);
        var waiting = await _bed.RunAsync("run-429");
        Assert.Equal((DispatchRunState.Waiting, null, _bed.Now.AddSeconds(10)), (waiting.State, waiting.AccountId, waiting.NotBefore));
        Assert.Contains("429", waiting.Error);
        Assert.NotEqual(AccountStatus.Running, (await _bed.RobotAsync(robot)).Status);
        Assert.Equal(0, (await _bed.PassAsync()).Started);

        _bed.Host.Clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(1, (await _bed.PassAsync()).Started);

        var started = await _bed.RunAsync("run-429");
        Assert.Equal(DispatchRunState.Running, started.State);
        var starts = _fake.RequestsTo("dispatch/v2/job/start").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("idempotentUuid").GetString()).ToList();
        Assert.Equal(5, starts.Count);
        Assert.All(starts, id => Assert.Equal("run-429", id));
        Assert.Equal(1, _fake.Dispatch.JobCount);
        Assert.Equal("run-429", _fake.Dispatch.Job(started.JobUuid!).IdempotentUuid);
    }
}

namespace RpaWorkbench.Tests.Robots.ShadowBot;

public sealed class ShadowBotRateLimitTests
{
    [Fact]
    public async Task BurstOf25Starts_AllGoThrough_AtMost10PerSecond()
    {
        await using var host = await ShadowBotTestHost.StartAsync(TimeProvider.System);

        var started = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => host.StartJobAsync($"burst-{i:00}")));

        Assert.Equal(25, started.Select(s => s.JobUuid).Distinct().Count());
        Assert.All(started, s => Assert.False(s.IdempotentFlag));
        var arrivals = host.Fake.RequestsTo("dispatch/v2/job/start").Select(r => r.ReceivedAt).Order().ToList();
        Assert.Equal(25, arrivals.Count);
        // job/start allows 10 requests per second: the 11th may not arrive within a second of the 1st (less 100 ms, one window segment).
        for (var i = 0; i + 10 < arrivals.Count; i++)
        {
            var gap = arrivals[i + 10] - arrivals[i];
            Assert.True(gap >= TimeSpan.FromMilliseconds(850), $"start {i + 10} came {gap.TotalMilliseconds} ms after start {i}");
        }
    }

    [Fact]
    public async Task Queries_HaveTheirOwnLimit_SoABurstOfStartsDoesNotSlowThem()
    {
        await using var host = await ShadowBotTestHost.StartAsync(TimeProvider.System);
        var first = await host.StartJobAsync("first");
        var starts = Task.WhenAll(Enumerable.Range(0, 20).Select(i => host.StartJobAsync($"more-{i:00}")));

        var queried = DateTimeOffset.UtcNow;
        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => host.Client.QueryJobAsync(first.JobUuid, TestContext.Current.CancellationToken)));
        var queriesDone = DateTimeOffset.UtcNow;
        await starts;

        // 20 queries fit in job/query's 30 per second; the 20 starts need more than a second at 10 per second.
        var lastStart = host.Fake.RequestsTo("dispatch/v2/job/start").Max(r => r.ReceivedAt);
        Assert.True(queriesDone < lastStart, $"queries finished {(queriesDone - queried).TotalMilliseconds} ms after they began, after the last start");
    }
}

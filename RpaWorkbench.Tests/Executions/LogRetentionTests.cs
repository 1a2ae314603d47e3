using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Executions.Retention;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Executions;

/// <summary><c>Workbench:Logs:RetentionDays</c>: old logs go in small batches, recent ones stay; off unless configured.</summary>
public abstract class LogRetentionTests(DatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Sweep_DeletesLogsOlderThanTheWindowInBatchesAndKeepsRecentOnes()
    {
        await using var host = await HostAsync(new() { ["Workbench:Logs:RetentionDays"] = "30", ["Workbench:Logs:RetentionBatchSize"] = "1000", ["Workbench:Logs:RetentionPause"] = "00:00:00" });
        var now = host.Clock.GetUtcNow().UtcDateTime;
        await AddAsync(host, Enumerable.Range(0, 2_500).Select(i => ExportTestLogs.Log("tygj-old", now.AddDays(-30).AddSeconds(-1 - i))));
        await AddAsync(host, [ExportTestLogs.Log("tygj-recent", now.AddDays(-30).AddSeconds(1)), ExportTestLogs.Log("tygj-recent", now.AddHours(-1))]);
        var logs = new CapturingLoggerProvider();

        var sweep = await Retention(host, logs).SweepAsync(Ct);

        Assert.Equal(new RetentionSweep(2_500, 3), sweep);
        Assert.Equal(["tygj-recent", "tygj-recent"], await host.ReadAsync(db => db.ExecutionLogs.Select(l => l.ShadowBotAccount).ToListAsync(Ct)));
        var line = Assert.Single(logs.Entries, e => e.Level == LogLevel.Information);
        Assert.Contains("deleted 2500 execution logs", line.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sweep_ByDefault_IsOffAndKeepsEveryLog()
    {
        await using var host = await HostAsync([]);
        await AddAsync(host, [ExportTestLogs.Log("tygj-ancient", host.Clock.GetUtcNow().UtcDateTime.AddYears(-3))]);

        var sweep = await host.Get<LogRetention>().SweepAsync(Ct);

        Assert.Equal(new RetentionSweep(0, 0), sweep);
        Assert.Null(host.Get<IOptions<LogRetentionOptions>>().Value.RetentionDays);
        Assert.Equal(1, await host.ReadAsync(db => db.ExecutionLogs.CountAsync(Ct)));
    }

    [Fact]
    public async Task BackgroundJob_SweepsAtStartThenWaitsOneIntervalOnTheClockAndSweepsAgain()
    {
        await using var host = await HostAsync(new() { ["Workbench:Logs:RetentionDays"] = "7", ["Workbench:Logs:RetentionInterval"] = "01:00:00" });
        var start = host.Clock.GetUtcNow().UtcDateTime;
        await AddAsync(host, [ExportTestLogs.Log("tygj-old", start.AddDays(-8))]);
        var timers = host.Clock.TimersSet;
        var job = host.Get<LogRetention>();
        await job.StartAsync(Ct);
        try
        {
            await CountBecomesAsync(host, 0, "the sweep at start");
            var next = await host.Clock.WaitForTimerAsync(timers, t => t.Period != Timeout.InfiniteTimeSpan, "the job's timer");
            Assert.Equal((TimeSpan.FromHours(1), TimeSpan.FromHours(1)), (next.DueTime, next.Period));

            // Written after the first sweep: 7 days old half an hour later, so the sweep an hour later deletes it.
            await AddAsync(host, [ExportTestLogs.Log("tygj-aging", start.AddDays(-7).AddMinutes(30))]);
            host.Clock.Advance(TimeSpan.FromHours(1));

            await CountBecomesAsync(host, 0, "the sweep an hour later");
        }
        finally
        {
            await job.StopAsync(CancellationToken.None);
        }
    }

    private static async Task CountBecomesAsync(CoreTestHost host, int expected, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (await host.ReadAsync(db => db.ExecutionLogs.CountAsync(Ct)) != expected && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, Ct);
        }

        Assert.True(expected == await host.ReadAsync(db => db.ExecutionLogs.CountAsync(Ct)), $"Gave up waiting for {what}.");
    }

    private async Task<CoreTestHost> HostAsync(Dictionary<string, string?> settings) => await new CoreTestHost(provider, settings).MigrateAsync();

    private static LogRetention Retention(CoreTestHost host, CapturingLoggerProvider logs) => ActivatorUtilities.CreateInstance<LogRetention>(
        host.Services, LoggerFactory.Create(l => l.AddProvider(logs)).CreateLogger<LogRetention>());

    private static Task AddAsync(CoreTestHost host, IEnumerable<ExecutionLog> logs) =>
        ExportTestLogs.AddAsync(host.Get<IDbContextFactory<WorkbenchDbContext>>(), logs, Ct);
}

public sealed class LogRetentionTestsOnSqlite() : LogRetentionTests(DatabaseProvider.Sqlite);

public sealed class LogRetentionTestsOnPostgreSql() : LogRetentionTests(DatabaseProvider.PostgreSQL);

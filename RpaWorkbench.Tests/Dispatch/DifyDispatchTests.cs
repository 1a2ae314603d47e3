using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Dify;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Dispatch;

/// <summary>Queued runs of a task that calls a Dify workflow: started without a robot, within the task's limit, ended by Dify's answer.</summary>
public sealed class DifyDispatchTests : IAsyncLifetime
{
    private FakeDify _dify = null!;
    private DispatchTestBed _bed = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _dify = await FakeDify.StartAsync();
        _bed = await DispatchTestBed.StartAsync(DatabaseProvider.Sqlite, ("Workbench:Dify:AllowedBaseUrls:0", _dify.BaseUrl));
    }

    public async ValueTask DisposeAsync()
    {
        await _bed.DisposeAsync();
        await _dify.DisposeAsync();
    }

    [Fact]
    public async Task Pass_DifyTask_RunsWithoutARobotUpToItsLimit_ThenEachEndsWithDifysOutputs()
    {
        _dify.Respond = inputs => FakeDify.Succeeded(new JsonObject { ["region_code"] = inputs["region"]!.GetValue<string>() == "华东" ? "EC" : "?" });
        var robot = await _bed.AddRobotAsync("tygj001");
        var task = await DifyTaskAsync(robot, maxConcurrency: 2);
        foreach (var id in new[] { "d-1", "d-2", "d-3" })
        {
            await _bed.EnqueueAsync(id, task, account: robot, enqueuedAt: _bed.Now.AddSeconds(id[^1] - '0'));
        }

        var first = await _bed.PassAsync();
        await _bed.Host.Get<DifyDispatch>().DrainAsync();

        Assert.Equal(2, first.Started);
        Assert.Empty(_bed.Starts);
        Assert.Equal(DispatchRunState.Waiting, (await _bed.RunAsync("d-3")).State);
        Assert.Equal(Core.Accounts.AccountStatus.Pending, (await _bed.RobotAsync(robot)).Status);

        var second = await _bed.PassAsync();
        await _bed.Host.Get<DifyDispatch>().DrainAsync();
        await _bed.PassAsync();

        Assert.Equal((2, 1), (second.Settled, second.Started));
        foreach (var id in new[] { "d-1", "d-2", "d-3" })
        {
            var run = await _bed.RunAsync(id);
            Assert.Equal((DispatchRunState.Ended, ExecutionStatus.Completed, (long?)null), (run.State, run.Outcome, run.AccountId));
        }

        var ended = _bed.Listener.Calls.Where(c => c.What == "ended").ToList();
        Assert.Equal(3, ended.Count);
        Assert.All(ended, c => Assert.Equal("""[{"name":"region_code","value":"EC","type":"str"}]""", c.Outputs));
        Assert.Equal(3, _dify.Runs);
    }

    [Fact]
    public async Task Pass_DifyUnavailable_RunEndsLostForItsOwnerToRetry()
    {
        _dify.Respond = _ => FakeDify.Error(503, "unavailable", "maintenance");
        var robot = await _bed.AddRobotAsync("tygj001");
        var task = await DifyTaskAsync(robot, maxConcurrency: 1);
        await _bed.EnqueueAsync("d-down", task, account: robot);

        await _bed.PassAsync();
        await _bed.Host.Get<DifyDispatch>().DrainAsync();
        await _bed.PassAsync();

        var run = await _bed.RunAsync("d-down");
        Assert.Equal((DispatchRunState.Ended, ExecutionStatus.Lost), (run.State, run.Outcome));
        Assert.Contains("maintenance", run.Error, StringComparison.Ordinal);
    }

    private async Task<long> DifyTaskAsync(long robot, int maxConcurrency)
    {
        var task = await _bed.AddTaskAsync(robot, name: "开票");
        await using var db = await _bed.Host.CreateDbContextAsync();
        var row = await db.Tasks.SingleAsync(t => t.Id == task, Ct);
        row.Dify = new DifyTaskSettings
        {
            BaseUrl = _dify.BaseUrl,
            ApiKeyProtected = _bed.Host.Get<DifyApiKeys>().Protect(FakeDify.AppKey),
            MaxConcurrency = maxConcurrency,
        };
        await db.SaveChangesAsync(Ct);
        return task;
    }
}

using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Dify;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Dify;

/// <summary>A queued run of a Dify task, run against the loopback Dify: its outcome is stored where a robot's callback would put it.</summary>
public sealed class DifyRunnerTests : IAsyncLifetime
{
    private FakeDify _dify = null!;
    private CoreTestHost _host = null!;

    public async ValueTask InitializeAsync()
    {
        _dify = await FakeDify.StartAsync();
        _host = await new CoreTestHost(new Dictionary<string, string?> { ["Workbench:Dify:AllowedBaseUrls:0"] = _dify.BaseUrl }).MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _dify.DisposeAsync();
    }

    [Fact]
    public async Task Run_Succeeded_StoresACompletedLogUnderTheRunsKeyWithTheOutputs()
    {
        _dify.Respond = inputs => FakeDify.Succeeded(new JsonObject { ["invoice_no"] = "INV-" + inputs["order_id"]!.GetValue<string>(), ["total"] = 59.7, ["paid"] = true });
        var task = await DifyTaskAsync();

        await _host.Get<DifyRunner>().RunAsync(Run("0193a1b2c3d4e5f60718293a4b5c6d7e-1"), task, CancellationToken.None);

        var log = Assert.Single(await _host.LogsAsync());
        Assert.Equal((ExecutionStatus.Completed, "0193a1b2c3d4e5f60718293a4b5c6d7e-1", "dify", task.Id), (log.Status, log.ExecutionId, log.ShadowBotAccount, log.TaskId));
        Assert.Equal("""[{"name":"invoice_no","value":"INV-SO-1","type":"str"},{"name":"total","value":"59.7","type":"float"},{"name":"paid","value":"true","type":"bool"}]""", log.Outputs);
        Assert.Equal(1, await _host.ReadAsync(db => db.DailyRollups.SumAsync(r => r.Completed)));
    }

    [Theory]
    [InlineData(200, ExecutionStatus.Failed)]
    [InlineData(503, ExecutionStatus.Lost)]
    public async Task Run_NotSucceeded_StoredWithTheOutcomeABatchActsOn(int status, ExecutionStatus stored)
    {
        _dify.Respond = _ => status == 200 ? FakeDify.Failed("order already invoiced") : FakeDify.Error(status, "unavailable", "try later");
        var task = await DifyTaskAsync();

        await _host.Get<DifyRunner>().RunAsync(Run("run-a"), task, CancellationToken.None);

        var log = Assert.Single(await _host.LogsAsync());
        Assert.Equal(stored, log.Status);
        Assert.NotNull(log.ErrorMessage);
    }

    [Fact]
    public async Task Run_SameRunTwice_OneLog()
    {
        var task = await DifyTaskAsync();

        await _host.Get<DifyRunner>().RunAsync(Run("run-twice"), task, CancellationToken.None);
        await _host.Get<DifyRunner>().RunAsync(Run("run-twice"), task, CancellationToken.None);

        Assert.Single(await _host.LogsAsync());
        Assert.Equal(2, _dify.Runs);
    }

    private static DispatchRun Run(string runId) => new() { RunId = runId, Parameters = new Dictionary<string, string?> { ["order_id"] = "SO-1" } };

    private async Task<RobotTask> DifyTaskAsync()
    {
        await using var db = await _host.CreateDbContextAsync();
        var account = new Account { ShadowBotAccount = "tygj001", HostIp = "127.0.0.1", Port = 9000, TaskControl = "tygj001-127.0.0.1-9000" };
        var task = new RobotTask
        {
            TaskName = "开票",
            AppName = "开票流程",
            Account = account,
            Parameters = [new TaskParameter("order_id", TaskParameterType.Text) { Required = true }],
            Dify = new DifyTaskSettings { BaseUrl = _dify.BaseUrl, ApiKeyProtected = _host.Get<DifyApiKeys>().Protect(FakeDify.AppKey) },
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

/// <summary>A run the reconciler recorded from job/query, then ShadowBot's native callback for the same job arriving late.</summary>
public sealed class ShadowBotReconcileCallbackTests : IAsyncLifetime
{
    private const string Robot = ShadowBotLoopsHost.Robot;
    private const string RunId = "0196c1d2e3f4a5b6c7d8e9f0a1b2c3d4";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 25, 8, 30, 0, TimeSpan.Zero));
    private FakeShadowBot _fake = null!;
    private WorkbenchAppFactory _factory = null!;
    private WebApplicationFactory<Program> _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeShadowBot.StartAsync(TimeProvider.System);
        _fake.Dispatch.AddClient(Robot);
        var settings = ShadowBotLoopsHost.Settings(_fake, "ShadowBot").ToDictionary(s => s.Key, s => s.Value!);
        settings["Workbench:Bootstrap:WebhookApiKey"] = WebhookAppFactory.Key;
        _factory = WorkbenchAppFactory.With(settings);
        _app = _factory.WithWebHostBuilder(builder => builder.ConfigureTestServices(services => services.AddSingleton<TimeProvider>(_clock)));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _factory.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task LateNativeCallback_AfterTheReconcilerRecordedTheJob_IsADuplicate()
    {
        var jobUuid = await RunningJobWithoutNewsAsync();
        _fake.Dispatch.EndJobAt(jobUuid, "error", "元素未找到", "2026-11-25 16:20:00", "2026-11-25 16:24:00");

        Assert.Equal(1, await _app.Services.GetRequiredService<ShadowBotReconciler>().ReconcileAsync(Ct));
        var recorded = Assert.Single(await LogsAsync());
        Assert.Equal((ExecutionStatus.Failed, "元素未找到", RunId), (recorded.Status, recorded.ErrorMessage, recorded.ExecutionId));

        var client = _app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
        var response = await client.PostAsJsonAsync(ShadowBotPayloads.Path, new Dictionary<string, object?>
        {
            ["dataType"] = "job", ["jobUuid"] = jobUuid, ["status"] = "error", ["msg"] = "元素未找到", ["robotClientName"] = Robot,
            ["startTime"] = "2026-11-25 16:20:00", ["endTime"] = "2026-11-25 16:24:00", ["robotName"] = "fake app", ["idempotentUuid"] = RunId,
        }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var run = (await response.Content.ReadFromJsonAsync<JsonObject>(Ct))!["runs"]![0]!;
        Assert.Equal((true, recorded.Id), ((bool)run["duplicate"]!, (long)run["id"]!));
        Assert.Single(await LogsAsync());
    }

    // The robot's account as the poller adopted it, and a task whose job runs and has had no news for six minutes.
    private async Task<string> RunningJobWithoutNewsAsync()
    {
        await _app.Services.GetRequiredService<ShadowBotClientPoller>().PollAsync(Ct);
        var started = await _app.Services.GetRequiredService<ShadowBotClient>()
            .StartJobAsync(new ShadowBotJobStart("app-7c1e") { AccountName = Robot, IdempotentUuid = RunId }, Ct);
        var now = _clock.GetUtcNow().UtcDateTime;
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        var account = await db.Accounts.SingleAsync(a => a.ShadowBotAccount == Robot, Ct);
        db.Tasks.Add(new RobotTask
        {
            TaskName = "导出订单", AppName = "fake app", AccountId = account.Id, Status = RobotTaskStatus.Running,
            CurrentRunId = RunId, CurrentJobUuid = started.JobUuid, RunStartedAt = now.AddMinutes(-10), LastRunTime = now.AddMinutes(-10),
            ShadowBot = new ShadowBotTaskSettings { RobotUuid = "app-7c1e" }, CreatedAt = now, UpdatedAt = now.AddMinutes(-6),
        });
        await db.SaveChangesAsync(Ct);
        return started.JobUuid;
    }

    private async Task<List<ExecutionLog>> LogsAsync()
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await db.ExecutionLogs.AsNoTracking().ToListAsync(Ct);
    }
}

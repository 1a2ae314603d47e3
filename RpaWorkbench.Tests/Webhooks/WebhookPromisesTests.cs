using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>The promises the webhook contract (docs/webhooks.md) makes to robot developers, each checked as written there.</summary>
public abstract class WebhookPromisesTests(WebhookAppFactory app)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Webhook_WithoutKey_401WithBearerChallenge()
    {
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/webhook/heartbeat", new { shadow_bot_account = WebhookPayloads.NewAccount() }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal([new AuthenticationHeaderValue("Bearer")], response.Headers.WwwAuthenticate);
        Assert.Equal("API key required", (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("title").GetString());
    }

    [Fact]
    public async Task ExecutionComplete_DigitStringsAndStringBooleans_ReadAsNumbersAndFlags()
    {
        var account = WebhookPayloads.NewAccount();
        var (accountId, taskId) = await app.RegisterAsync(account, "云仓收藏", RobotTaskStatus.Running, Ct);
        var payload = WebhookPayloads.SeedCompletion(account)
            .With("duration_seconds", "1800")
            .With("result_summary", new { total_items = "50", success_items = "48", failed_items = "2" })
            .With("log_info", "true").With("screenshot", "false")
            .With("task_id", taskId.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .With("host_ip", "10.1.1.1").With("port", "8080");

        var log = await app.PostAndLoadAsync(payload, Ct);

        Assert.Equal((1800.0, 50, 48, 2), (log.DurationSeconds, log.TotalItems, log.SuccessItems, log.FailedItems));
        Assert.Equal((true, false), (log.LogInfo, log.Screenshot));
        Assert.Equal((accountId, taskId), (log.AccountId, log.TaskId));
    }

    [Fact]
    public async Task ExecutionComplete_UnknownFields_IgnoredAndTheRunStored()
    {
        var account = WebhookPayloads.NewAccount();
        var payload = WebhookPayloads.SeedCompletion(account)
            .With("robot_version", "7.2.1")
            .With("extra", new { nested = new object?[] { 1, new { a = (string?)null } } })
            .With("App_Name", "另一个应用");

        var log = await app.PostAndLoadAsync(payload, Ct);

        Assert.Equal((account, "云仓收藏", ExecutionStatus.Completed), (log.ShadowBotAccount, log.AppName, log.Status));
    }

    [Fact]
    public async Task ExecutionComplete_TaskIdOfTheAccount_LinksThatTaskRatherThanTheAppsRunningOne()
    {
        var account = WebhookPayloads.NewAccount();
        var (accountId, running) = await app.RegisterAsync(account, "云仓收藏", RobotTaskStatus.Running, Ct);
        var named = await app.AddTaskAsync(accountId, "云仓收藏", RobotTaskStatus.Pending, Ct);

        var log = await app.PostAndLoadAsync(WebhookPayloads.SeedCompletion(account).With("task_id", named), Ct);

        Assert.Equal(named, log.TaskId);
        Assert.Equal(new DateTime(2026, 1, 27, 2, 0, 0, DateTimeKind.Utc), (await TaskAsync(named)).LastRunTime);
        Assert.Equal(RobotTaskStatus.Running, (await TaskAsync(running)).Status);
    }

    [Fact]
    public async Task ExecutionComplete_AnotherAccountsTaskId_LinksTheAccountsOwnTaskAndLeavesTheOtherAlone()
    {
        var account = WebhookPayloads.NewAccount();
        var (accountId, own) = await app.RegisterAsync(account, "云仓收藏", RobotTaskStatus.Running, Ct);
        var (_, others) = await app.RegisterAsync(WebhookPayloads.NewAccount(), "云仓收藏", RobotTaskStatus.Running, Ct);

        var log = await app.PostAndLoadAsync(WebhookPayloads.SeedCompletion(account).With("task_id", others), Ct);

        Assert.Equal((accountId, own), (log.AccountId, log.TaskId));
        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(own)).Status);
        var other = await TaskAsync(others);
        Assert.Equal((RobotTaskStatus.Running, (DateTime?)null), (other.Status, other.LastRunTime));
    }

    [Fact]
    public async Task Confirm_NoMatchingTask_200WithIdNull()
    {
        var account = WebhookPayloads.NewAccount();
        await app.RegisterAsync(account, "订单同步", RobotTaskStatus.Pending, Ct);
        var (_, othersTask) = await app.RegisterAsync(WebhookPayloads.NewAccount(), "无此应用", RobotTaskStatus.Pending, Ct);

        var byApp = await app.PostAsync("confirm", new { shadow_bot_account = account, app_name = "无此应用" }, Ct);
        var byOthersTask = await app.PostAsync("confirm", new { shadow_bot_account = account, app_name = "无此应用", task_id = othersTask }, Ct);

        foreach (var response in new[] { byApp, byOthersTask })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var reply = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal((true, JsonValueKind.Null), (reply.GetProperty("success").GetBoolean(), reply.GetProperty("id").ValueKind));
        }

        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(othersTask)).Status);
    }

    [Fact]
    public async Task Callbacks_RegisteredAccountFromAnotherAddress_StoredUnderANewUnregisteredAccount()
    {
        var account = WebhookPayloads.NewAccount();
        var (registered, _) = await app.RegisterAsync(account, "云仓收藏", RobotTaskStatus.Running, Ct);

        var heartbeat = await app.PostAsync("heartbeat", new { shadow_bot_account = account, host_ip = "10.1.1.1", port = 18080 }, Ct);
        var log = await app.PostAndLoadAsync(WebhookPayloads.SeedCompletion(account).With("host_ip", "192.168.0.9").With("port", 8080), Ct);

        var portId = (await heartbeat.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64();
        var accounts = await app.QueryAsync(db => db.Accounts.AsNoTracking().Where(a => a.ShadowBotAccount == account).ToDictionaryAsync(a => a.Id, Ct));
        Assert.Equal(3, accounts.Count);
        Assert.Equal(("10.1.1.1", 18080, true), (accounts[portId].HostIp, accounts[portId].Port, accounts[portId].Unregistered));
        Assert.Equal(("192.168.0.9", 8080, true), (accounts[log.AccountId!.Value].HostIp, accounts[log.AccountId.Value].Port, accounts[log.AccountId.Value].Unregistered));
        Assert.Equal((AccountStatus.Pending, (DateTime?)null), (accounts[registered].Status, accounts[registered].LastHeartbeatAt));
    }

    // "{account}-{host}:{port}" is ambiguous: both robots derive "<name>-a-b.example:1", which must be unique.
    [Fact]
    public async Task Callbacks_TwoNewRobotsDerivingTheSameTaskControl_BothStored()
    {
        var name = WebhookPayloads.NewAccount();

        var first = await app.PostAsync("heartbeat", new { shadow_bot_account = name + "-a", host_ip = "b.example", port = 1 }, Ct);
        var second = await app.PostAsync("heartbeat", new { shadow_bot_account = name, host_ip = "a-b.example", port = 1 }, Ct);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (first.StatusCode, second.StatusCode));
        var controls = await app.QueryAsync(db => db.Accounts.Where(a => a.ShadowBotAccount.StartsWith(name))
            .OrderBy(a => a.Id).Select(a => a.TaskControl).ToListAsync(Ct));
        Assert.Equal([$"{name}-a-b.example:1", $"{name}-a-b.example:1~2"], controls);
    }

    [Fact]
    public async Task ExecutionComplete_RetriedWithOtherContent_FirstStoredContentWins()
    {
        var payload = WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount());
        var first = await app.PostAndLoadAsync(payload, Ct);

        var retry = await app.PostAsync("execution-complete", payload
            .With("status", "failed").With("error_message", "超时")
            .With("result_summary", new { total_items = 60, success_items = 50, failed_items = 10 })
            .With("screenshot", false).With("log_url", "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/999/log.txt"), Ct);

        var reply = await retry.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((HttpStatusCode.OK, first.Id, true), (retry.StatusCode, reply.GetProperty("id").GetInt64(), reply.GetProperty("duplicate").GetBoolean()));
        var stored = await app.QueryAsync(db => db.ExecutionLogs.AsNoTracking().SingleAsync(l => l.Id == first.Id, Ct));
        Assert.Equal((ExecutionStatus.Completed, (string?)null, 50, 48, 2), (stored.Status, stored.ErrorMessage, stored.TotalItems, stored.SuccessItems, stored.FailedItems));
        Assert.Equal((true, "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/log.txt"), (stored.Screenshot, stored.LogUrl));
    }

    // The seed run lasts 1,800 s; a sent duration may differ by 2 s either way.
    [Theory]
    [InlineData(1798.0, true)]
    [InlineData(1802.0, true)]
    [InlineData(1797.99, false)]
    [InlineData(1802.01, false)]
    public async Task ExecutionComplete_DurationAtTheToleranceBoundary_TwoSecondsAcceptedJustOverRefused(double duration, bool accepted)
    {
        var account = WebhookPayloads.NewAccount();

        var response = await app.PostAsync("execution-complete", WebhookPayloads.SeedCompletion(account).With("duration_seconds", duration), Ct);

        Assert.Equal(accepted ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
        var stored = await app.QueryAsync(db => db.ExecutionLogs.Where(l => l.ShadowBotAccount == account).Select(l => (double?)l.DurationSeconds).SingleOrDefaultAsync(Ct));
        Assert.Equal(accepted ? duration : null, stored);
        if (!accepted)
        {
            Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("duration_seconds", out _));
        }
    }

    [Fact]
    public async Task ExecutionComplete_Utf8ByteOrderMarkBeforeTheJson_Accepted()
    {
        var account = WebhookPayloads.NewAccount();
        var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. JsonSerializer.SerializeToUtf8Bytes(WebhookPayloads.SeedCompletion(account))]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await app.Robot().PostAsync("/api/v1/webhook/execution-complete", content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("云仓收藏", await app.QueryAsync(db => db.ExecutionLogs.Where(l => l.ShadowBotAccount == account).Select(l => l.AppName).SingleAsync(Ct)));
    }

    private Task<RobotTask> TaskAsync(long id) => app.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, Ct));
}

public sealed class WebhookPromisesTestsOnSqlite(WebhookAppFactory app) : WebhookPromisesTests(app), IClassFixture<WebhookAppFactory>;

public sealed class WebhookPromisesTestsOnPostgreSql(PostgreSqlWebhookAppFactory app) : WebhookPromisesTests(app), IClassFixture<PostgreSqlWebhookAppFactory>;

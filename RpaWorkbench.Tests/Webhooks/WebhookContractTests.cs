using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

public abstract class WebhookContractTests(WebhookAppFactory app)
{
    private static readonly DateTime SeedStartUtc = new(2026, 1, 27, 2, 0, 0, DateTimeKind.Utc);
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ExecutionComplete_OutputsObject_StoredAsTextOutputs()
    {
        var payload = WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount())
            .With("outputs", new Dictionary<string, object?> { ["订单数"] = 42, ["报表"] = "https://example.com/r.xlsx", ["备注"] = null });

        var log = await app.PostAndLoadAsync(payload, Ct);

        Assert.Equal([new RunOutput("订单数", "42", "str"), new RunOutput("报表", "https://example.com/r.xlsx", "str"), new RunOutput("备注", "", "str")],
            RunOutputs.Parse(log.Outputs));
    }

    [Fact]
    public async Task ExecutionComplete_WithoutOutputs_NoOutputs()
    {
        var log = await app.PostAndLoadAsync(WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount()), Ct);

        Assert.Null(log.Outputs);
    }

    [Fact]
    public async Task ExecutionComplete_SeedPayload_StoresLogAndUpdatesAccountAndTask()
    {
        var account = WebhookPayloads.NewAccount();
        var (accountId, taskId) = await app.RegisterAsync(account, "云仓收藏", RobotTaskStatus.Running, Ct);

        var response = await app.PostAsync("execution-complete", WebhookPayloads.SeedCompletion(account), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var reply = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(reply.GetProperty("success").GetBoolean());
        var logId = reply.GetProperty("id").GetInt64();

        var log = await app.QueryAsync(db => db.ExecutionLogs.SingleAsync(l => l.Id == logId, Ct));
        Assert.Equal((account, "云仓收藏", ExecutionStatus.Completed), (log.ShadowBotAccount, log.AppName, log.Status));
        Assert.Equal(SeedStartUtc, log.StartTime);
        Assert.Equal(SeedStartUtc.AddMinutes(30), log.EndTime);
        Assert.Equal(1800, log.DurationSeconds);
        Assert.Equal((50, 48, 2), (log.TotalItems, log.SuccessItems, log.FailedItems));
        Assert.True(log.LogInfo && log.Screenshot);
        Assert.Equal("https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/screenshot.png", log.ScreenshotUrl);
        Assert.Equal("https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/log.txt", log.LogUrl);
        Assert.Equal((accountId, taskId), (log.AccountId, log.TaskId));

        var stored = await app.QueryAsync(db => db.Accounts.SingleAsync(a => a.Id == accountId, Ct));
        Assert.Equal((AccountStatus.Completed, "云仓收藏", SeedStartUtc.AddMinutes(30)), (stored.Status, stored.RecentApp, stored.EndTime));
        Assert.NotNull(stored.LastHeartbeatAt);
        var task = await app.QueryAsync(db => db.Tasks.SingleAsync(t => t.Id == taskId, Ct));
        Assert.Equal((RobotTaskStatus.Pending, SeedStartUtc), (task.Status, task.LastRunTime));
    }

    [Fact]
    public async Task ExecutionComplete_IsoTimesWithOffsetAndNoDuration_StoredUtcWithComputedDuration()
    {
        var account = WebhookPayloads.NewAccount();
        var payload = WebhookPayloads.SeedCompletion(account)
            .With("start_time", "2026-01-27T10:00:00+08:00")
            .With("end_time", "2026-01-27T02:45:30Z")
            .With("status", "failed")
            .With("error_message", "元素未找到")
            .Without("duration_seconds");

        var log = await app.PostAndLoadAsync(payload, Ct);

        Assert.Equal(SeedStartUtc, log.StartTime);
        Assert.Equal(DateTimeKind.Utc, log.StartTime.Kind);
        Assert.Equal(SeedStartUtc.AddMinutes(45).AddSeconds(30), log.EndTime);
        Assert.Equal(2730, log.DurationSeconds);
        Assert.Equal((ExecutionStatus.Failed, "元素未找到"), (log.Status, log.ErrorMessage));
    }

    [Fact]
    public async Task ExecutionComplete_SameRunSentAgain_StoredOnceAndAnswered200()
    {
        var payload = WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount());

        var first = await (await app.PostAsync("execution-complete", payload, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        var again = await app.PostAsync("execution-complete", payload.With("log_url", "https://bucket.oss-cn-hangzhou.aliyuncs.com/other.txt"), Ct);

        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        var second = await again.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(first.GetProperty("id").GetInt64(), second.GetProperty("id").GetInt64());
        Assert.True(second.GetProperty("duplicate").GetBoolean());
        Assert.Equal(1, await CountLogsAsync((string)payload["shadow_bot_account"]!));
    }

    [Fact]
    public async Task ExecutionComplete_HundredConcurrentIdenticalPosts_OneLogAndAll200()
    {
        var payload = WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount());
        var client = app.Robot();

        var responses = await Task.WhenAll(Enumerable.Range(0, 100)
            .Select(_ => client.PostAsJsonAsync("/api/v1/webhook/execution-complete", payload, Ct)));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var ids = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64()));
        Assert.Single(ids.Distinct());
        Assert.Equal(1, await CountLogsAsync((string)payload["shadow_bot_account"]!));
    }

    [Fact]
    public async Task ExecutionComplete_SameExecutionIdWithOtherTimes_StoredOnce()
    {
        var account = WebhookPayloads.NewAccount();
        var payload = WebhookPayloads.SeedCompletion(account).With("execution_id", "run-42");

        await app.PostAsync("execution-complete", payload, Ct);
        await app.PostAsync("execution-complete", payload.With("end_time", "2026-01-27 10:31:00").Without("duration_seconds"), Ct);
        await app.PostAsync("execution-complete", payload.With("execution_id", "run-43"), Ct);

        Assert.Equal(2, await CountLogsAsync(account));
    }

    [Fact]
    public async Task ExecutionComplete_UnknownAccount_StoredAndListedAsUnregistered()
    {
        var account = WebhookPayloads.NewAccount();

        var response = await app.PostAsync("execution-complete", WebhookPayloads.SeedCompletion(account).With("host_ip", "10.7.7.7").With("port", 9000), Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stored = await app.QueryAsync(db => db.Accounts.SingleAsync(a => a.ShadowBotAccount == account, Ct));
        Assert.True(stored.Unregistered);
        Assert.Equal(("10.7.7.7", 9000, AccountStatus.Completed), (stored.HostIp, stored.Port, stored.Status));
        Assert.Equal(stored.Id, (await app.QueryAsync(db => db.ExecutionLogs.SingleAsync(l => l.ShadowBotAccount == account, Ct))).AccountId);
    }

    [Fact]
    public async Task ExecutionComplete_OlderRunArrivingLate_DoesNotOverwriteNewerAccountState()
    {
        var account = WebhookPayloads.NewAccount();
        await app.PostAsync("execution-complete", WebhookPayloads.SeedCompletion(account).With("start_time", "2026-01-27 11:00:00").With("end_time", "2026-01-27 11:30:00"), Ct);

        await app.PostAsync("execution-complete", WebhookPayloads.SeedCompletion(account).With("status", "failed"), Ct);

        var stored = await app.QueryAsync(db => db.Accounts.SingleAsync(a => a.ShadowBotAccount == account, Ct));
        Assert.Equal(AccountStatus.Completed, stored.Status);
        Assert.Equal(2, await CountLogsAsync(account));
    }

    // The ingest writer keeps accounts and tasks between batches; a change made through any other connection (an
    // operator, a task start) must be what the next callback sees.
    [Fact]
    public async Task ExecutionComplete_AfterTaskAddedElsewhere_LinksTheNewTask()
    {
        var account = WebhookPayloads.NewAccount();
        var (accountId, _) = await app.RegisterAsync(account, "其它应用", RobotTaskStatus.Pending, Ct);
        await app.PostAsync("heartbeat", new { shadow_bot_account = account }, Ct);
        var taskId = await app.QueryAsync(async db =>
        {
            var task = new RobotTask { TaskName = "later", AppName = "云仓收藏", Status = RobotTaskStatus.Running, AccountId = accountId };
            db.Tasks.Add(task);
            await db.SaveChangesAsync(Ct);
            return task.Id;
        });

        var log = await app.PostAndLoadAsync(WebhookPayloads.SeedCompletion(account), Ct);

        Assert.Equal(taskId, log.TaskId);
        Assert.Equal(RobotTaskStatus.Pending, (await app.QueryAsync(db => db.Tasks.SingleAsync(t => t.Id == taskId, Ct))).Status);
    }

    [Fact]
    public async Task ExecutionComplete_AfterAccountChangedElsewhere_KeepsTheOtherChange()
    {
        var account = WebhookPayloads.NewAccount();
        var (accountId, _) = await app.RegisterAsync(account, "云仓收藏", RobotTaskStatus.Pending, Ct);
        await app.PostAsync("heartbeat", new { shadow_bot_account = account }, Ct);
        await app.QueryAsync(db => db.Accounts.Where(a => a.Id == accountId)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.EndTime, SeedStartUtc.AddHours(5)).SetProperty(a => a.Status, AccountStatus.Failed), Ct));

        await app.PostAndLoadAsync(WebhookPayloads.SeedCompletion(account), Ct);

        // The run ended before the newer end time written elsewhere, so the account keeps that state.
        var stored = await app.QueryAsync(db => db.Accounts.SingleAsync(a => a.Id == accountId, Ct));
        Assert.Equal((AccountStatus.Failed, SeedStartUtc.AddHours(5)), (stored.Status, stored.EndTime));
    }

    [Fact]
    public async Task Confirm_RegisteredTask_TaskAndAccountBecomeRunning()
    {
        var account = WebhookPayloads.NewAccount();
        var (accountId, taskId) = await app.RegisterAsync(account, "订单同步", RobotTaskStatus.Starting, Ct);

        var response = await app.PostAsync("confirm", new { shadow_bot_account = account, app_name = "订单同步", host_ip = "10.1.1.1", port = 8080, start_time = "2026-01-27 10:00:00" }, Ct);

        Assert.Equal(taskId, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64());
        var stored = await app.QueryAsync(db => db.Accounts.SingleAsync(a => a.Id == accountId, Ct));
        Assert.Equal((AccountStatus.Running, "订单同步"), (stored.Status, stored.RecentApp));
        Assert.Equal(RobotTaskStatus.Running, (await app.QueryAsync(db => db.Tasks.SingleAsync(t => t.Id == taskId, Ct))).Status);
    }

    [Fact]
    public async Task Heartbeat_KnownAccount_UpdatesLastHeartbeat()
    {
        var account = WebhookPayloads.NewAccount();
        var (accountId, _) = await app.RegisterAsync(account, "x", RobotTaskStatus.Pending, Ct);

        var response = await app.PostAsync("heartbeat", new { shadow_bot_account = account, host_ip = "10.1.1.1", port = 8080 }, Ct);

        Assert.Equal(accountId, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64());
        var stored = await app.QueryAsync(db => db.Accounts.SingleAsync(a => a.Id == accountId, Ct));
        Assert.True(stored.LastHeartbeatAt > DateTime.UtcNow.AddMinutes(-1));
        Assert.False(stored.Unregistered);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("X-Api-Key", "wrong-key-wrong-key-wrong-key-wrong-key")]
    [InlineData("Authorization", "Bearer wrong-key-wrong-key-wrong-key-wrong")]
    [InlineData("Authorization", "Basic dXNlcjpwYXNz")]
    public async Task Webhook_WithoutValidKey_Returns401ProblemAndWritesNothing(string? header, string? value)
    {
        var account = WebhookPayloads.NewAccount();
        var client = app.CreateClient();
        if (header is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation(header, value);
        }

        var response = await client.PostAsJsonAsync("/api/v1/webhook/execution-complete", WebhookPayloads.SeedCompletion(account), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(0, await CountLogsAsync(account));
    }

    [Fact]
    public async Task Webhook_BearerKey_Accepted()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", WebhookAppFactory.Key);

        var response = await client.PostAsJsonAsync("/api/v1/webhook/heartbeat", new { shadow_bot_account = WebhookPayloads.NewAccount() }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<int> CountLogsAsync(string account) =>
        app.QueryAsync(db => db.ExecutionLogs.CountAsync(l => l.ShadowBotAccount == account, Ct));
}

public sealed class WebhookContractTestsOnSqlite(WebhookAppFactory app) : WebhookContractTests(app), IClassFixture<WebhookAppFactory>;

public sealed class WebhookContractTestsOnPostgreSql(PostgreSqlWebhookAppFactory app) : WebhookContractTests(app), IClassFixture<PostgreSqlWebhookAppFactory>;

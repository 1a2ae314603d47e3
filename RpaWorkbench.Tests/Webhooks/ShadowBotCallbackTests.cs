using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>ShadowBot's native callbacks on <c>/api/v1/webhook/shadowbot</c>, with the examples of its documentation.</summary>
public sealed class ShadowBotCallbackTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("finish", ExecutionStatus.Completed)]
    [InlineData("error", ExecutionStatus.Failed)]
    [InlineData("stopped", ExecutionStatus.Stopped)]
    [InlineData("cancel", ExecutionStatus.Stopped)]
    [InlineData("skipped", ExecutionStatus.Stopped)]
    [InlineData("FINISH", ExecutionStatus.Completed)]
    public async Task JobCallback_EndedStatus_StoredAsMappedRun(string status, ExecutionStatus expected)
    {
        var (account, job) = (WebhookPayloads.NewAccount(), ShadowBotPayloads.NewUuid());

        var log = await PostAndLoadSingleAsync(ShadowBotPayloads.Job(account, job, status).With("msg", "元素未找到"));

        Assert.Equal((account, "导出淘宝订单", expected), (log.ShadowBotAccount, log.AppName, log.Status));
        // The robots' zone (Asia/Shanghai) is UTC+8.
        Assert.Equal(new DateTime(2021, 2, 3, 3, 11, 11, DateTimeKind.Utc), log.StartTime);
        Assert.Equal(new DateTime(2021, 3, 3, 4, 12, 12, DateTimeKind.Utc), log.EndTime);
        Assert.Equal(2_422_861, log.DurationSeconds);
        Assert.Equal("run-" + job[..8], log.ExecutionId);
        Assert.Equal(expected == ExecutionStatus.Completed ? null : "元素未找到", log.ErrorMessage);
        Assert.Contains("元素未找到", log.LogContent);
        Assert.Equal(job, log.ShadowBotJobUuid);
    }

    [Fact]
    public async Task JobCallback_Result_StoredAsOutputsInTheirOwnColumnNotInTheLogText()
    {
        var payload = ShadowBotPayloads.Job(WebhookPayloads.NewAccount(), ShadowBotPayloads.NewUuid()).With("result", new object[]
        {
            new { name = "姓", value = "王", type = "str" },
            new { name = "订单数", value = (object)42, type = "int" },
            new { name = "上传文件", value = "https://example.com/request.txt", type = "file" },
            new { name = "备注", value = "无类型" },
        });

        var log = await PostAndLoadSingleAsync(payload);

        Assert.Equal(
            [new RunOutput("姓", "王", "str"), new RunOutput("订单数", "42", "int"), new RunOutput("上传文件", "https://example.com/request.txt", "file"),
                new RunOutput("备注", "无类型", "str")],
            RunOutputs.Parse(log.Outputs));
        Assert.DoesNotContain("王", log.LogContent);
    }

    [Fact]
    public async Task JobCallback_NoResult_NoOutputs()
    {
        var log = await PostAndLoadSingleAsync(ShadowBotPayloads.Job(WebhookPayloads.NewAccount(), ShadowBotPayloads.NewUuid()).Without("result"));

        Assert.Null(log.Outputs);
    }

    [Fact]
    public async Task JobCallback_UnknownRobot_RecordedOnAnUnregisteredAccount()
    {
        var account = WebhookPayloads.NewAccount();

        var log = await PostAndLoadSingleAsync(ShadowBotPayloads.Job(account, ShadowBotPayloads.NewUuid()));

        var stored = await app.QueryAsync(db => db.Accounts.SingleAsync(a => a.Id == log.AccountId, Ct));
        Assert.Equal((account, true), (stored.ShadowBotAccount, stored.Unregistered));
    }

    [Fact]
    public async Task JobCallback_ErrorWithScreenshot_KeepsTheScreenshotUrl()
    {
        var payload = ShadowBotPayloads.Job(WebhookPayloads.NewAccount(), ShadowBotPayloads.NewUuid(), "error")
            .With("screenshotUrl", "https://example.com/shot/1.png");

        var log = await PostAndLoadSingleAsync(payload);

        Assert.Equal(("https://example.com/shot/1.png", true), (log.ScreenshotUrl, log.Screenshot));
    }

    [Fact]
    public async Task JobCallback_ScreenshotThatIsNotAUrl_RunStoredWithoutIt()
    {
        var payload = ShadowBotPayloads.Job(WebhookPayloads.NewAccount(), ShadowBotPayloads.NewUuid(), "error").With("screenshotUrl", "xxxx");

        var log = await PostAndLoadSingleAsync(payload);

        Assert.Equal((null, false), (log.ScreenshotUrl, log.Screenshot));
    }

    [Fact]
    public async Task JobCallback_NoIdempotentUuid_JobUuidIsTheExecutionId()
    {
        var job = ShadowBotPayloads.NewUuid();

        var log = await PostAndLoadSingleAsync(ShadowBotPayloads.Job(WebhookPayloads.NewAccount(), job).Without("idempotentUuid"));

        Assert.Equal(job, log.ExecutionId);
    }

    [Fact]
    public async Task JobCallback_QuickRetriesOfOneJob_StoredOnce()
    {
        var (account, job) = (WebhookPayloads.NewAccount(), ShadowBotPayloads.NewUuid());
        var payload = ShadowBotPayloads.Job(account, job);

        // ShadowBot retries after 0.5, 0.75 and 1.5 s when an answer is late, so deliveries can overlap.
        var replies = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => PostAsync(payload)));

        var runs = replies.Select(r => r.GetProperty("runs")[0]).ToList();
        Assert.Single(runs.Select(r => r.GetProperty("id").GetInt64()).Distinct());
        Assert.Equal(3, runs.Count(r => r.GetProperty("duplicate").GetBoolean()));
        Assert.Equal(1, await app.QueryAsync(db => db.ExecutionLogs.CountAsync(l => l.ShadowBotAccount == account, Ct)));
    }

    [Theory]
    [InlineData("running")]
    [InlineData("waiting")]
    [InlineData("created")]
    [InlineData("stopping")]
    public async Task JobCallback_NotEnded_AcknowledgedAndNothingStored(string status)
    {
        var (account, job) = (WebhookPayloads.NewAccount(), ShadowBotPayloads.NewUuid());

        var reply = await PostAsync(ShadowBotPayloads.Job(account, job, status));

        Assert.Equal(0, reply.GetProperty("runs").GetArrayLength());
        Assert.Contains(job, reply.GetProperty("message").GetString());
        Assert.Equal(0, await app.QueryAsync(db => db.Accounts.CountAsync(a => a.ShadowBotAccount == account, Ct)));
    }

    [Fact]
    public async Task TaskCallback_RecordsEachEndedJob_TaskTimesInEpochMillisecondsFillMissingJobTimes()
    {
        var account = WebhookPayloads.NewAccount();
        var (first, second, third) = (ShadowBotPayloads.NewUuid(), ShadowBotPayloads.NewUuid(), ShadowBotPayloads.NewUuid());
        var payload = ShadowBotPayloads.Task("error",
            ShadowBotPayloads.Job(account, first, "finish").Without("idempotentUuid"),
            ShadowBotPayloads.Job(account, second, "skipped").Without("startTime").Without("endTime").Without("idempotentUuid"),
            ShadowBotPayloads.Job(account, third, "running"));

        var reply = await PostAsync(payload);

        Assert.Equal(2, reply.GetProperty("runs").GetArrayLength());
        Assert.Contains(third, reply.GetProperty("message").GetString());
        var logs = await app.QueryAsync(db => db.ExecutionLogs.AsNoTracking().Where(l => l.ShadowBotAccount == account).OrderBy(l => l.Id).ToListAsync(Ct));
        Assert.Equal([ExecutionStatus.Completed, ExecutionStatus.Stopped], logs.Select(l => l.Status));
        Assert.Equal(new DateTime(2021, 2, 3, 3, 11, 11, DateTimeKind.Utc), logs[0].StartTime);
        // 1642837962000 ms and 1642838062000 ms after the epoch.
        Assert.Equal((new DateTime(2022, 1, 22, 7, 52, 42, DateTimeKind.Utc), new DateTime(2022, 1, 22, 7, 54, 22, DateTimeKind.Utc)),
            (logs[1].StartTime, logs[1].EndTime));
        // Without their own idempotentUuid the jobs carry the task's, and each is still its own run.
        Assert.Single(logs.Select(l => l.ExecutionId).Distinct());
        Assert.StartsWith("task-", logs[0].ExecutionId);

        var again = await PostAsync(payload);
        Assert.All(again.GetProperty("runs").EnumerateArray(), r => Assert.True(r.GetProperty("duplicate").GetBoolean()));
    }

    [Theory]
    [InlineData("""{"jobUuid":"j1","status":"finish"}""", "dataType")]
    [InlineData("""{"dataType":"report","jobUuid":"j1","status":"finish"}""", "dataType")]
    [InlineData("""{"dataType":"job","status":"finish","robotClientName":"a","robotName":"b","endTime":"2026-01-01 10:00:00"}""", "jobUuid")]
    [InlineData("""{"dataType":"job","jobUuid":"j1","status":"done","robotClientName":"a","robotName":"b","endTime":"2026-01-01 10:00:00"}""", "status")]
    [InlineData("""{"dataType":"job","jobUuid":"j1","status":"finish","robotName":"b","endTime":"2026-01-01 10:00:00"}""", "robotClientName")]
    [InlineData("""{"dataType":"job","jobUuid":"j1","status":"finish","robotClientName":"a","endTime":"2026-01-01 10:00:00"}""", "robotName")]
    [InlineData("""{"dataType":"job","jobUuid":"j1","status":"finish","robotClientName":"a","robotName":"b"}""", "endTime")]
    [InlineData("""{"dataType":"job","jobUuid":"j1","status":"finish","robotClientName":"a","robotName":"b","endTime":"yesterday"}""", "endTime")]
    [InlineData("""{"dataType":"job","jobUuid":"j1","status":"finish","robotClientName":"a","robotName":"b","startTime":"2026-01-01 11:00:00","endTime":"2026-01-01 10:00:00"}""", "endTime")]
    [InlineData("""{"dataType":"job","jobUuid":"j1","status":"finish","robotClientName":"a","robotName":"b","endTime":"2026-01-01 10:00:00","result":{"name":"x"}}""", "result")]
    [InlineData("""{"dataType":"job","jobUuid":"j1","status":"finish","robotClientName":"a","robotName":"b","endTime":"2026-01-01 10:00:00","result":[{"value":"x"}]}""", "result[0].name")]
    [InlineData("""{"dataType":"job","jobUuid":"j1","status":"finish","robotClientName":"a","robotName":"b","endTime":"2026-01-01 10:00:00","result":[{"name":"x","value":"1","type":"date"}]}""", "result[0].type")]
    [InlineData("""{"dataType":"job","jobUuid":"j1","status":"finish","robotClientName":"a","robotName":"b","endTime":"2026-01-01 10:00:00","result":[{"name":"x","value":"1"},7]}""", "result[1]")]
    [InlineData("""{"dataType":"task","taskUuid":"t1","status":"finish","startTime":12}""", "startTime")]
    [InlineData("""{"dataType":"task","taskUuid":"t1","status":"finish"}""", "jobList")]
    [InlineData("""{"dataType":"task","taskUuid":"t1","status":"finish","jobList":[7]}""", "jobList[0]")]
    [InlineData("""{"dataType":"task","taskUuid":"t1","status":"finish","endTime":1642838062000,"jobList":[{"jobUuid":"j1","status":"finish","robotName":"b"}]}""", "jobList[0].robotClientName")]
    [InlineData("""[1]""", "body")]
    public async Task BadBody_400NamingTheFieldAndNothingStored(string body, string field)
    {
        var before = await app.QueryAsync(db => db.ExecutionLogs.CountAsync(Ct));

        var response = await PostRawAsync(ShadowBotPayloads.Path, ShadowBotPayloads.Utf8(body));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await app.QueryAsync(db => db.ExecutionLogs.CountAsync(Ct)));
    }

    [Fact]
    public async Task JobCallback_ResultOver64KiB_400NamingResultAndNothingStored()
    {
        var account = WebhookPayloads.NewAccount();
        // 20 values of 4,000 characters: about 80 KB of JSON.
        var result = Enumerable.Range(0, 20).Select(i => new { name = $"p{i}", value = new string('x', 4000), type = "str" }).ToArray();

        var response = await app.Robot().PostAsJsonAsync(ShadowBotPayloads.Path,
            ShadowBotPayloads.Job(account, ShadowBotPayloads.NewUuid()).With("result", result), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty("result", out _), problem.ToString());
        Assert.Equal(0, await app.QueryAsync(db => db.ExecutionLogs.CountAsync(l => l.ShadowBotAccount == account, Ct)));
    }

    [Fact]
    public async Task ListLogs_ShowsTheCallbacksRunWithTheMappedFields()
    {
        var (account, job) = (WebhookPayloads.NewAccount(), ShadowBotPayloads.NewUuid());
        await PostAsync(ShadowBotPayloads.Job(account, job, "error").With("msg", "登录超时"));

        var viewer = await app.KeyClientAsync("viewer");
        var page = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/logs?account={account}", Ct);

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("导出淘宝订单", item.GetProperty("app_name").GetString());
        Assert.Equal("failed", item.GetProperty("status").GetString());
        Assert.Equal("登录超时", item.GetProperty("error_message").GetString());
        var run = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/logs/{item.GetProperty("id").GetInt64()}", Ct);
        Assert.Equal(job, run.GetProperty("shadow_bot_job_uuid").GetString());
        var outputs = run.GetProperty("outputs").EnumerateArray().Select(o =>
            (o.GetProperty("name").GetString(), o.GetProperty("value").GetString(), o.GetProperty("type").GetString())).ToList();
        Assert.Equal([("姓", "王", "str"), ("上传文件", "https://example.com/request.txt", "file")], outputs);
    }

    private async Task<ExecutionLog> PostAndLoadSingleAsync(Dictionary<string, object?> payload)
    {
        var reply = await PostAsync(payload);
        var id = Assert.Single(reply.GetProperty("runs").EnumerateArray()).GetProperty("id").GetInt64();
        return await app.QueryAsync(db => db.ExecutionLogs.AsNoTracking().SingleAsync(l => l.Id == id, Ct));
    }

    private async Task<JsonElement> PostAsync(Dictionary<string, object?> payload)
    {
        var response = await app.Robot().PostAsJsonAsync(ShadowBotPayloads.Path, payload, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private Task<HttpResponseMessage> PostRawAsync(string pathAndQuery, byte[] body, HttpClient? client = null)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("application/json");
        return (client ?? app.Robot()).PostAsync(pathAndQuery, content, Ct);
    }
}

using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>Task starts and stops in <c>Workbench:Robots:Mode=ShadowBot</c>, against the fake ShadowBot OpenAPI on loopback.</summary>
public sealed class ShadowBotTaskRunTests : IAsyncLifetime
{
    private const string Robot = "tygj00001";
    private const string AppUuid = "app-7c1e";
    private FakeShadowBot _fake = null!;
    private CoreTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TaskRunService Runs => _host.Get<TaskRunService>();

    public async ValueTask InitializeAsync()
    {
        _fake = await FakeShadowBot.StartAsync(new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero)));
        _fake.Dispatch.AddClient(Robot);
        _host = await new CoreTestHost(new Dictionary<string, string?>
        {
            ["Workbench:Robots:Mode"] = "ShadowBot",
            ["Workbench:ShadowBot:BaseUrl"] = _fake.BaseUrl.ToString(),
            ["Workbench:ShadowBot:AccessKeyId"] = FakeShadowBot.AccessKeyId,
            ["Workbench:ShadowBot:AccessKeySecret"] = FakeShadowBot.AccessKeySecret,
        }).MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _fake.DisposeAsync();
    }

    [Fact]
    public async Task Start_IdleRobot_JobKeyedByTheRunIdWithAccountParamsAndUploadedFile_TaskRunning()
    {
        var content = "区域,金额\n华东,12\n"u8.ToArray();
        await _host.Get<IObjectStore>().PutAsync("config/7/9c2e41d0a3b84f6e.csv", new MemoryStream(content), "text/csv", content.Length, Ct);
        var taskId = await AddTaskAsync("""{"region":"华东","days":7,"dry_run":false}""", fileParam: "报表文件", configFileKey: "config/7/9c2e41d0a3b84f6e.csv");

        await Runs.StartAsync(taskId, Ct);

        var task = await _host.TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Running, task.Status);
        using var sent = JsonDocument.Parse(Assert.Single(_fake.RequestsTo("dispatch/v2/job/start")).Body);
        var body = sent.RootElement;
        Assert.Equal((task.CurrentRunId, Robot, AppUuid),
            (body.GetProperty("idempotentUuid").GetString(), body.GetProperty("accountName").GetString(), body.GetProperty("robotUuid").GetString()));
        var parameters = body.GetProperty("params").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => (p.GetProperty("value").GetString(), p.GetProperty("type").GetString()));
        Assert.Equal(("华东", "str"), parameters["region"]);
        Assert.Equal(("7", "int"), parameters["days"]);
        Assert.Equal(("false", "bool"), parameters["dry_run"]);
        var (fileKey, fileType) = parameters["报表文件"];
        Assert.Equal("file", fileType);
        Assert.Equal(content, _fake.Dispatch.Files[fileKey!].Content);
        var job = _fake.Dispatch.Job(task.CurrentJobUuid!);
        Assert.Equal(("running", task.CurrentRunId), (job.Status, job.IdempotentUuid));
        Assert.Equal(AccountStatus.Running, (await _host.SingleAccountAsync()).Status);
    }

    [Fact]
    public async Task Start_WithDeclaredParameters_MergedIntoParamsTypedByDeclaration_DeclaredWinsOverConfig()
    {
        TaskParameter[] declared =
        [
            new("region", TaskParameterType.Text) { Required = true },
            new("days", TaskParameterType.Integer),
            new("rate", TaskParameterType.Decimal) { Default = "0.75" },
            new("dry_run", TaskParameterType.Boolean),
            new("day", TaskParameterType.Date) { Default = "2026/12/01" },
            new("sheet", TaskParameterType.File),
        ];
        var taskId = await AddTaskAsync("""{"region":"华东","days":7,"keep":"yes"}""", parameters: declared);

        await Runs.StartAsync(taskId, new Dictionary<string, string?> { ["region"] = "华北", ["days"] = "30", ["dry_run"] = "是", ["sheet"] = "in/订单.xlsx" }, Ct);

        var task = await _host.TaskAsync(taskId);
        using var sent = JsonDocument.Parse(Assert.Single(_fake.RequestsTo("dispatch/v2/job/start")).Body);
        Assert.Equal(task.CurrentRunId, sent.RootElement.GetProperty("idempotentUuid").GetString());
        var parameters = sent.RootElement.GetProperty("params").EnumerateArray()
            .Select(p => (p.GetProperty("name").GetString(), p.GetProperty("value").GetString(), p.GetProperty("type").GetString())).ToList();
        Assert.Equal(
        [
            ("keep", "yes", "str"), ("region", "华北", "str"), ("days", "30", "int"), ("rate", "0.75", "float"),
            ("dry_run", "true", "bool"), ("day", "2026-12-01", "str"), ("sheet", "in/订单.xlsx", "str"),
        ], parameters);
    }

    [Fact]
    public async Task Start_NoIdleRobot_JobWaits_TaskQueuedAndTheRobotNotMarkedRunning()
    {
        _fake.Dispatch.SetClientStatus(Robot, "running");
        var taskId = await AddTaskAsync();

        await Runs.StartAsync(taskId, Ct);

        var task = await _host.TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Queued, task.Status);
        Assert.Equal("waiting", _fake.Dispatch.Job(task.CurrentJobUuid!).Status);
        Assert.NotEqual(AccountStatus.Running, (await _host.SingleAccountAsync()).Status);
    }

    [Theory]
    [InlineData("idle", RobotTaskStatus.Running)]
    [InlineData("running", RobotTaskStatus.Queued)]
    public async Task Stop_QueuedOrRunning_JobStopWithTheJobUuid_TaskStopping(string robotStatus, RobotTaskStatus before)
    {
        _fake.Dispatch.SetClientStatus(Robot, robotStatus);
        var taskId = await AddTaskAsync();
        await Runs.StartAsync(taskId, Ct);
        var job = (await _host.TaskAsync(taskId)).CurrentJobUuid!;
        Assert.Equal(before, (await _host.TaskAsync(taskId)).Status);

        await Runs.StopAsync(taskId, Ct);

        using var stop = JsonDocument.Parse(Assert.Single(_fake.RequestsTo("dispatch/v2/job/stop")).Body);
        Assert.Equal(job, stop.RootElement.GetProperty("jobUuid").GetString());
        Assert.Equal("stopped", _fake.Dispatch.Job(job).Status);
        Assert.Equal(RobotTaskStatus.Stopping, (await _host.TaskAsync(taskId)).Status);
    }

    [Fact]
    public async Task ForceStop_EndsTheRunLocally_TheJobsLateCallbackIsADuplicate()
    {
        var taskId = await AddTaskAsync();
        await Runs.StartAsync(taskId, Ct);
        var job = (await _host.TaskAsync(taskId)).CurrentJobUuid!;

        await Runs.ForceStopAsync(taskId, Ct);

        Assert.Equal(RobotTaskStatus.Pending, (await _host.TaskAsync(taskId)).Status);
        var log = Assert.Single(await _host.LogsAsync());
        Assert.Equal((ExecutionStatus.Stopped, job), (log.Status, log.ShadowBotJobUuid));
        Assert.Equal("stopped", _fake.Dispatch.Job(job).Status);

        // ShadowBot then posts the stopped job's callback.
        var late = _host.Get<ShadowBotCallbackParser>().Parse(JsonSerializer.SerializeToElement(_fake.Callbacks.Body(_fake.Dispatch.Job(job))));
        var receipt = _host.Get<CallbackBatchWriter>().Write([.. late.Runs]).Receipts.Single();

        Assert.Equal(new CallbackReceipt(log.Id, Duplicate: true), receipt);
        Assert.Single(await _host.LogsAsync());
    }

    [Fact]
    public async Task Start_JobStartRefused400_TaskPendingWithShadowBotsMessage()
    {
        _fake.Fail("dispatch/v2/job/start", 400, "应用不存在或未发布");
        var taskId = await AddTaskAsync();

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => Runs.StartAsync(taskId, Ct));

        Assert.Equal(TaskErrorCodes.RobotRefused, refusal.Code);
        var task = await _host.TaskAsync(taskId);
        Assert.Equal((RobotTaskStatus.Pending, null, null), (task.Status, task.CurrentRunId, task.CurrentJobUuid));
        Assert.Contains("应用不存在或未发布", task.ErrorMessage);
        Assert.Equal(0, _fake.Dispatch.JobCount);
    }

    [Fact]
    public async Task Start_AnswerLost_AskedAgainWithTheSameIdempotentUuid_OneJobAndTheTaskRuns()
    {
        _fake.LoseAnswer("dispatch/v2/job/start");
        var taskId = await AddTaskAsync();

        await Runs.StartAsync(taskId, Ct);

        var task = await _host.TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Running, task.Status);
        var starts = _fake.RequestsTo("dispatch/v2/job/start").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("idempotentUuid").GetString()).ToList();
        Assert.Equal([task.CurrentRunId, task.CurrentRunId], starts);
        Assert.Equal(1, _fake.Dispatch.JobCount);
        Assert.Equal(task.CurrentRunId, _fake.Dispatch.Job(task.CurrentJobUuid!).IdempotentUuid);
    }

    [Fact]
    public async Task Start_RateLimitedPastTheClientsBackOff_KeptStartingAndAskedAgain_OneJobAndTheRunCompletes()
    {
        // Six 429s: the first start and the client's three quick retries, then two more on the kept start's next try.
        _fake.Fail("dispatch/v2/job/start", 429, "RequestLimitExceeded", times: 6, retryAfterSeconds: 0);
        var taskId = await AddTaskAsync();
        var timersBefore = _host.Clock.TimersSet;

        var start = Runs.StartAsync(taskId, Ct);
        await _host.Clock.WaitForTimerAsync(timersBefore, t => t.DueTime == TimeSpan.FromSeconds(5), "the kept start's 5 s back-off");
        var waiting = await _host.TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Starting, waiting.Status);
        Assert.Contains("429", waiting.ErrorMessage);
        Assert.Equal(0, _fake.Dispatch.JobCount);
        _host.Clock.Advance(TimeSpan.FromSeconds(5));
        await start;

        var task = await _host.TaskAsync(taskId);
        Assert.Equal((RobotTaskStatus.Running, null), (task.Status, task.ErrorMessage));
        var starts = _fake.RequestsTo("dispatch/v2/job/start").Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("idempotentUuid").GetString()).ToList();
        Assert.Equal(7, starts.Count);
        Assert.All(starts, id => Assert.Equal(task.CurrentRunId, id));
        Assert.Equal(1, _fake.Dispatch.JobCount);

        _fake.Dispatch.EndJob(task.CurrentJobUuid!, "finish");
        var callback = _host.Get<ShadowBotCallbackParser>().Parse(JsonSerializer.SerializeToElement(_fake.Callbacks.Body(_fake.Dispatch.Job(task.CurrentJobUuid!))));
        _host.Get<CallbackBatchWriter>().Write([.. callback.Runs]);

        var log = Assert.Single(await _host.LogsAsync());
        Assert.Equal((ExecutionStatus.Completed, task.CurrentRunId), (log.Status, log.ExecutionId));
        Assert.Equal(RobotTaskStatus.Pending, (await _host.TaskAsync(taskId)).Status);
    }

    [Fact]
    public async Task Start_RateLimitedThenRefused400_TheKeptStartEnds_TaskPendingWithTheRefusal()
    {
        _fake.Fail("dispatch/v2/job/start", 429, "RequestLimitExceeded", times: 4, retryAfterSeconds: 0);
        _fake.Fail("dispatch/v2/job/start", 400, "应用不存在或未发布");
        var taskId = await AddTaskAsync();
        var timersBefore = _host.Clock.TimersSet;

        var start = Runs.StartAsync(taskId, Ct);
        await _host.Clock.WaitForTimerAsync(timersBefore, t => t.DueTime == TimeSpan.FromSeconds(5), "the kept start's 5 s back-off");
        _host.Clock.Advance(TimeSpan.FromSeconds(5));

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => start);
        Assert.Equal(TaskErrorCodes.RobotRefused, refusal.Code);
        var task = await _host.TaskAsync(taskId);
        Assert.Equal((RobotTaskStatus.Pending, null), (task.Status, task.CurrentRunId));
        Assert.Contains("应用不存在或未发布", task.ErrorMessage);
        Assert.Equal(0, _fake.Dispatch.JobCount);
    }

    [Fact]
    public async Task Start_RateLimited_ForceStoppedDuringTheBackOff_NotAskedAgain_NoJob()
    {
        _fake.Fail("dispatch/v2/job/start", 429, "RequestLimitExceeded", times: 4, retryAfterSeconds: 0);
        var taskId = await AddTaskAsync();
        var timersBefore = _host.Clock.TimersSet;

        var start = Runs.StartAsync(taskId, Ct);
        await _host.Clock.WaitForTimerAsync(timersBefore, t => t.DueTime == TimeSpan.FromSeconds(5), "the kept start's 5 s back-off");
        await Runs.ForceStopAsync(taskId, Ct);
        _host.Clock.Advance(TimeSpan.FromSeconds(5));

        var refusal = await Assert.ThrowsAsync<RuleViolationException>(() => start);
        Assert.Equal(TaskErrorCodes.RobotUnreachable, refusal.Code);
        Assert.Equal(4, _fake.RequestsTo("dispatch/v2/job/start").Count);
        Assert.Equal(0, _fake.Dispatch.JobCount);
        Assert.Equal(RobotTaskStatus.Pending, (await _host.TaskAsync(taskId)).Status);
    }

    [Theory]
    [InlineData(0, 5)]
    [InlineData(1, 10)]
    [InlineData(3, 40)]
    [InlineData(4, 60)]
    [InlineData(30, 60)]
    public void RateLimitedStartDelay_FiveSecondsDoubled_AtMostAMinute(int retry, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), TaskRunService.RateLimitedStartDelay(retry));

    private async Task<long> AddTaskAsync(string? config = null, string? fileParam = null, string? configFileKey = null, IReadOnlyList<TaskParameter>? parameters = null)
    {
        var accountId = (await _host.Get<AccountService>().CreateAsync(new AccountInput(Robot, "127.0.0.1", 8088), Ct)).Id;
        await using var db = await _host.CreateDbContextAsync();
        var now = _host.Clock.GetUtcNow().UtcDateTime;
        var task = new RobotTask
        {
            TaskName = "日报汇总",
            AppName = "财务日报",
            AccountId = accountId,
            ConfigJson = config,
            ConfigFileKey = configFileKey,
            ShadowBot = new ShadowBotTaskSettings { RobotUuid = AppUuid, FileParam = fileParam },
            Parameters = parameters ?? [],
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(Ct);
        return task.Id;
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>The run state machine against a real HTTP robot agent on loopback and a real SQLite file.</summary>
public abstract class TaskRunServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private RecordingRobotAgent _agent = null!;
    private CoreTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TaskRunService Runs => _host.Get<TaskRunService>();

    public async ValueTask InitializeAsync()
    {
        _agent = await RecordingRobotAgent.StartAsync();
        _host = await new CoreTestHost(provider, new Dictionary<string, string?>
        {
            // Retries without waiting: the test clock is fake, and these cases need no timeout.
            ["Workbench:Robots:RetryDelay"] = "00:00:00",
            ["Workbench:Robots:MaxRetries"] = "1",
        }).MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _agent.DisposeAsync();
    }

    [Fact]
    public async Task Start_AgentAccepts_TaskRunsUnderANewRunIdAndTheRobotIsRunning()
    {
        var taskId = await AddTaskAsync(config: """{"region":"华东"}""");

        await Runs.StartAsync(taskId, Ct);

        var task = await TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Running, task.Status);
        Assert.NotNull(task.CurrentRunId);
        Assert.Equal(_host.Clock.GetUtcNow().UtcDateTime, task.RunStartedAt);
        var sent = Assert.Single(_agent.Requests);
        Assert.Equal("/start", sent.Path);
        Assert.Equal(task.CurrentRunId, sent.IdempotencyKey);
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal("华东", body.RootElement.GetProperty("config_json").GetProperty("region").GetString());
        var account = await AccountAsync();
        Assert.Equal(AccountStatus.Running, account.Status);
        Assert.Equal("财务日报", account.RecentApp);
    }

    [Theory]
    [InlineData(HttpStatusCode.Conflict, TaskErrorCodes.RobotBusy)]
    [InlineData(HttpStatusCode.BadRequest, TaskErrorCodes.RobotRefused)]
    [InlineData(HttpStatusCode.InternalServerError, TaskErrorCodes.RobotUnreachable)]
    public async Task Start_AgentDoesNotAccept_TaskBackToPendingWithTheReason(HttpStatusCode answer, string code)
    {
        var taskId = await AddTaskAsync();
        _agent.Then(answer, """{"message":"机器人忙"}""");
        _agent.Then(answer, """{"message":"机器人忙"}""");

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Runs.StartAsync(taskId, Ct));

        Assert.Equal(code, refused.Code);
        var task = await TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Pending, task.Status);
        Assert.Null(task.CurrentRunId);
        Assert.Contains("机器人忙", task.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(AccountStatus.Pending, (await AccountAsync()).Status);
    }

    [Fact]
    public async Task Start_NothingListening_TaskBackToPendingAsUnreachable()
    {
        var taskId = await AddTaskAsync();
        await _agent.DisposeAsync();

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Runs.StartAsync(taskId, Ct));

        Assert.Equal(TaskErrorCodes.RobotUnreachable, refused.Code);
        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(taskId)).Status);
    }

    [Fact]
    public async Task Start_RobotAlreadyRunningAnotherTask_RefusedWithoutCallingTheAgent()
    {
        var first = await AddTaskAsync("日报");
        var second = await AddTaskAsync("周报");
        await Runs.StartAsync(first, Ct);

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Runs.StartAsync(second, Ct));

        Assert.Equal(TaskErrorCodes.RobotBusy, refused.Code);
        Assert.Contains("日报", refused.Message, StringComparison.Ordinal);
        Assert.Single(_agent.Requests);
        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(second)).Status);
    }

    [Fact]
    public async Task Start_TaskAlreadyRunning_Refused()
    {
        var taskId = await AddTaskAsync();
        await Runs.StartAsync(taskId, Ct);

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Runs.StartAsync(taskId, Ct));

        Assert.Equal(TaskErrorCodes.TaskNotPending, refused.Code);
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(null)]
    public async Task RunOperations_WithoutOperatorRole_RefusedAndNothingSent(string? role)
    {
        var taskId = await AddTaskAsync();
        SignIn(role);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Runs.StartAsync(taskId, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Runs.StopAsync(taskId, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Runs.ForceStopAsync(taskId, Ct));

        Assert.Empty(_agent.Requests);
        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(taskId)).Status);
    }

    [Fact]
    public async Task Stop_AgentAccepts_StoppingUntilTheCompletionCallbackEndsTheRun()
    {
        var taskId = await AddTaskAsync();
        await Runs.StartAsync(taskId, Ct);
        var runId = (await TaskAsync(taskId)).CurrentRunId!;

        await Runs.StopAsync(taskId, Ct);
        Assert.Equal(RobotTaskStatus.Stopping, (await TaskAsync(taskId)).Status);
        Assert.Equal("/stop", _agent.Requests.Last().Path);

        Complete(runId, taskId);

        var task = await TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Pending, task.Status);
        Assert.Null(task.CurrentRunId);
    }

    [Fact]
    public async Task Stop_AgentRefuses_TaskKeepsRunningWithTheReason()
    {
        var taskId = await AddTaskAsync();
        await Runs.StartAsync(taskId, Ct);
        _agent.Then(HttpStatusCode.BadRequest, "no such run");

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Runs.StopAsync(taskId, Ct));

        Assert.Equal(TaskErrorCodes.RobotRefused, refused.Code);
        var task = await TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Running, task.Status);
        Assert.StartsWith("Stop failed:", task.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Stop_TaskNotRunning_Refused()
    {
        var taskId = await AddTaskAsync();

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Runs.StopAsync(taskId, Ct));

        Assert.Equal(TaskErrorCodes.TaskNotRunning, refused.Code);
        Assert.Empty(_agent.Requests);
    }

    [Fact]
    public async Task ForceStop_EndsTheRunAtOnceAndTheLateCallbackChangesNothing()
    {
        var taskId = await AddTaskAsync();
        await Runs.StartAsync(taskId, Ct);
        var runId = (await TaskAsync(taskId)).CurrentRunId!;
        _host.Clock.Advance(TimeSpan.FromMinutes(3));

        await Runs.ForceStopAsync(taskId, Ct);

        var task = await TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Pending, task.Status);
        Assert.Null(task.CurrentRunId);
        Assert.Equal(AccountStatus.Pending, (await AccountAsync()).Status);
        var log = Assert.Single(await LogsAsync());
        Assert.Equal(ExecutionStatus.Stopped, log.Status);
        Assert.Equal(runId, log.ExecutionId);
        Assert.Equal(180, log.DurationSeconds);
        Assert.Equal(("/stop", runId), (_agent.Requests.Last().Path, _agent.Requests.Last().IdempotencyKey));

        var late = Complete(runId, taskId);

        Assert.True(late.Duplicate);
        Assert.Single(await LogsAsync());
        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(taskId)).Status);
        Assert.Equal(AccountStatus.Pending, (await AccountAsync()).Status);
    }

    [Fact]
    public async Task ForceStop_AgentUnreachable_StillEndsTheRun()
    {
        var taskId = await AddTaskAsync();
        await Runs.StartAsync(taskId, Ct);
        await _agent.DisposeAsync();

        await Runs.ForceStopAsync(taskId, Ct);

        Assert.Equal(RobotTaskStatus.Pending, (await TaskAsync(taskId)).Status);
        Assert.Equal(ExecutionStatus.Stopped, Assert.Single(await LogsAsync()).Status);
    }

    [Fact]
    public async Task CompletionOfAnEarlierRun_IsRecordedButLeavesTheRunInProgressAlone()
    {
        var taskId = await AddTaskAsync();
        await Runs.StartAsync(taskId, Ct);

        Complete("an-earlier-run", taskId);

        var task = await TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Running, task.Status);
        Assert.NotNull(task.CurrentRunId);
        Assert.Single(await LogsAsync());
    }

    [Theory]
    [InlineData(ExecutionStatus.Failed)]
    [InlineData(ExecutionStatus.Stopped)]
    [InlineData(ExecutionStatus.TimedOut)]
    [InlineData(ExecutionStatus.Lost)]
    public async Task RunAgain_RunThatDidNotComplete_StartsItsTaskWithTheTasksCurrentConfig(ExecutionStatus outcome)
    {
        var taskId = await AddTaskAsync(config: """{"region":"华东"}""");
        var logId = await AddLogAsync(taskId, outcome);
        await _host.ReadAsync(db => db.Tasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(s => s.SetProperty(t => t.ConfigJson, """{"region":"华南"}"""), Ct));

        await Runs.RunAgainAsync(logId, Ct);

        Assert.Equal(RobotTaskStatus.Running, (await TaskAsync(taskId)).Status);
        using var body = JsonDocument.Parse(Assert.Single(_agent.Requests).Body);
        Assert.Equal("华南", body.RootElement.GetProperty("config_json").GetProperty("region").GetString());
    }

    [Fact]
    public async Task RunAgain_CompletedRun_RefusedAndNothingSent()
    {
        var logId = await AddLogAsync(await AddTaskAsync(), ExecutionStatus.Completed);

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Runs.RunAgainAsync(logId, Ct));

        Assert.Equal(TaskErrorCodes.RunNotRepeatable, refused.Code);
        Assert.Empty(_agent.Requests);
    }

    [Fact]
    public async Task RunAgain_RunWhoseTaskWasDeletedOrUnknownRun_Refused()
    {
        var logId = await AddLogAsync(taskId: null, ExecutionStatus.Failed);

        var orphan = await Assert.ThrowsAsync<RuleViolationException>(() => Runs.RunAgainAsync(logId, Ct));
        var unknown = await Assert.ThrowsAsync<RuleViolationException>(() => Runs.RunAgainAsync(logId + 1000, Ct));

        Assert.Equal((TaskErrorCodes.RunHasNoTask, ErrorCodes.NotFound), (orphan.Code, unknown.Code));
        Assert.Empty(_agent.Requests);
    }

    [Fact]
    public async Task RunAgain_TaskAlreadyRunningAgain_RefusedAsNotPending()
    {
        var taskId = await AddTaskAsync();
        var logId = await AddLogAsync(taskId, ExecutionStatus.Failed);
        await Runs.RunAgainAsync(logId, Ct);

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Runs.RunAgainAsync(logId, Ct));

        Assert.Equal(TaskErrorCodes.TaskNotPending, refused.Code);
        Assert.Single(_agent.Requests);
    }

    [Fact]
    public async Task RunAgain_AsViewer_Refused()
    {
        var logId = await AddLogAsync(await AddTaskAsync(), ExecutionStatus.Failed);
        SignIn(Roles.Viewer);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Runs.RunAgainAsync(logId, Ct));

        Assert.Empty(_agent.Requests);
    }

    private async Task<long> AddLogAsync(long? taskId, ExecutionStatus status)
    {
        await using var db = await _host.CreateDbContextAsync();
        var now = _host.Clock.GetUtcNow().UtcDateTime;
        var log = new ExecutionLog
        {
            AppName = "财务日报", ShadowBotAccount = "tygj00001", Status = status, StartTime = now.AddMinutes(-10), EndTime = now.AddMinutes(-5),
            TaskId = taskId, CreatedAt = now,
        };
        db.ExecutionLogs.Add(log);
        await db.SaveChangesAsync(Ct);
        return log.Id;
    }

    private void SignIn(string? role)
    {
        if (role is null)
        {
            _host.User.SignOut();
        }
        else
        {
            _host.User.SignIn(role);
        }
    }

    private CallbackReceipt Complete(string runId, long taskId)
    {
        var now = _host.Clock.GetUtcNow().UtcDateTime;
        var callback = new ExecutionCallback(new RobotIdentity("tygj00001", null, null), "财务日报", ExecutionStatus.Completed,
            now.AddMinutes(-1), now, 60, 10, 10, 0, false, false, null, null, runId, taskId, null, null);
        return _host.Get<CallbackBatchWriter>().Write([callback]).Receipts.Single();
    }

    private async Task<long> AddTaskAsync(string name = "日报汇总", string? config = null)
    {
        await using var db = await _host.CreateDbContextAsync();
        var accountId = await db.Accounts.Where(a => a.ShadowBotAccount == "tygj00001").Select(a => (long?)a.Id).FirstOrDefaultAsync(Ct)
            ?? (await _host.Get<AccountService>().CreateAsync(new AccountInput("tygj00001", "127.0.0.1", _agent.Port), Ct)).Id;
        var now = _host.Clock.GetUtcNow().UtcDateTime;
        var task = new RobotTask { TaskName = name, AppName = "财务日报", AccountId = accountId, ConfigJson = config, CreatedAt = now, UpdatedAt = now };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(Ct);
        return task.Id;
    }

    private Task<RobotTask> TaskAsync(long id) => _host.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, Ct));

    private Task<Account> AccountAsync() => _host.ReadAsync(db => db.Accounts.AsNoTracking().SingleAsync(Ct));

    private Task<List<ExecutionLog>> LogsAsync() => _host.ReadAsync(db => db.ExecutionLogs.AsNoTracking().ToListAsync(Ct));
}

public sealed class TaskRunServiceTestsOnSqlite() : TaskRunServiceTests(DatabaseProvider.Sqlite);

public sealed class TaskRunServiceTestsOnPostgreSql() : TaskRunServiceTests(DatabaseProvider.PostgreSQL);

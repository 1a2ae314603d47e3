using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Tasks.Scheduling;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>A start with parameter values: checked before anything changes, then sent to a real HTTP robot agent on loopback.</summary>
public sealed class TaskRunParametersTests : IAsyncLifetime
{
    private static readonly TaskParameter[] Declared =
    [
        new("仓库", TaskParameterType.Text) { Required = true, MaxLength = 10 },
        new("batch_size", TaskParameterType.Integer) { Default = "50" },
        new("dry_run", TaskParameterType.Boolean) { Default = "否" },
        new("report_day", TaskParameterType.Date),
    ];

    private RecordingRobotAgent _agent = null!;
    private CoreTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TaskRunService Runs => _host.Get<TaskRunService>();

    public async ValueTask InitializeAsync()
    {
        _agent = await RecordingRobotAgent.StartAsync();
        _host = await new CoreTestHost().MigrateAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        await _agent.DisposeAsync();
    }

    [Fact]
    public async Task Start_WithValues_AgentGetsCheckedValuesAndDefaultsUnderTheRunId()
    {
        var taskId = await AddTaskAsync(Declared);

        await Runs.StartAsync(taskId, new Dictionary<string, string?> { ["仓库"] = " 华东一仓 ", ["DRY_RUN"] = "是", ["report_day"] = "2026/12/01" }, Ct);

        var task = await TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Running, task.Status);
        var sent = Assert.Single(_agent.Requests);
        Assert.Equal(task.CurrentRunId, sent.IdempotencyKey);
        using var body = JsonDocument.Parse(sent.Body);
        Assert.Equal(task.CurrentRunId, body.RootElement.GetProperty("run_id").GetString());
        var parameters = body.RootElement.GetProperty("parameters").EnumerateObject().Select(p => (p.Name, p.Value.GetString())).ToList();
        Assert.Equal([("仓库", "华东一仓"), ("batch_size", "50"), ("dry_run", "true"), ("report_day", "2026-12-01")], parameters);
    }

    [Fact]
    public async Task Start_TaskWithoutParameters_SendsAnEmptyParametersObject()
    {
        var taskId = await AddTaskAsync([]);

        await Runs.StartAsync(taskId, Ct);

        using var body = JsonDocument.Parse(Assert.Single(_agent.Requests).Body);
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("parameters").ValueKind);
        Assert.Empty(body.RootElement.GetProperty("parameters").EnumerateObject());
    }

    [Fact]
    public async Task Start_RequiredMissingAndBadValue_RefusedNamingEach_TaskStaysPendingAndTheAgentIsNotCalled()
    {
        var taskId = await AddTaskAsync(Declared);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Runs.StartAsync(taskId, new Dictionary<string, string?> { ["batch_size"] = "很多", ["颜色"] = "红" }, Ct));

        Assert.Equal(
            [("parameters.仓库", "Required"), ("parameters.batch_size", "ParameterInvalidInteger"), ("parameters.颜色", "ParameterUnknown")],
            refused.Errors.Select(e => (e.Field, e.Code)));
        var task = await TaskAsync(taskId);
        Assert.Equal((RobotTaskStatus.Pending, null), (task.Status, task.CurrentRunId));
        Assert.Empty(_agent.Requests);
    }

    [Fact]
    public async Task ScheduledFire_RequiredParameterWithoutDefault_SkippedAndRecorded()
    {
        var taskId = await AddTaskAsync(Declared, cron: "* * * * *");
        _host.Clock.Advance(TimeSpan.FromSeconds(90));

        var fire = Assert.Single(await _host.Get<ScheduleRunner>().FireDueAsync(Ct));

        Assert.Equal((taskId, "Required"), (fire.TaskId, fire.SkipCode));
        var task = await TaskAsync(taskId);
        Assert.Equal(RobotTaskStatus.Pending, task.Status);
        Assert.Contains("skipped: The parameter \"仓库\" needs a value.", task.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(_agent.Requests);
    }

    private async Task<long> AddTaskAsync(IReadOnlyList<TaskParameter> parameters, string? cron = null)
    {
        var accountId = (await _host.Get<AccountService>().CreateAsync(new AccountInput("tygj00001", "127.0.0.1", _agent.Port), Ct)).Id;
        await using var db = await _host.CreateDbContextAsync();
        var now = _host.Clock.GetUtcNow().UtcDateTime;
        var task = new RobotTask
        {
            TaskName = "日报汇总", AppName = "财务日报", AccountId = accountId, Parameters = parameters,
            CronExpression = cron, ScheduledThrough = now, CreatedAt = now, UpdatedAt = now,
        };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(Ct);
        return task.Id;
    }

    private Task<RobotTask> TaskAsync(long id) => _host.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, Ct));
}

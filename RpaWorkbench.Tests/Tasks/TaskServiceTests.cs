using System.Text;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>Task create, edit, delete and list through the Core as the app registers it, on a real SQLite file.</summary>
public abstract class TaskServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private CoreTestHost _host = null!;
    private long _accountId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TaskService Service => _host.Get<TaskService>();

    private DateTime Now => _host.Clock.GetUtcNow().UtcDateTime;

    public async ValueTask InitializeAsync()
    {
        _host = await new CoreTestHost(provider).MigrateAsync();
        _accountId = (await _host.Get<AccountService>().CreateAsync(new AccountInput("tygj001", "192.168.10.21", 8080), Ct)).Id;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_ValidInput_StoresFormattedJsonStartsTheScheduleNowAndAudits()
    {
        var row = await Service.CreateAsync(Input() with { ConfigJson = """ {"region":"华东","limit":5} """, CronExpression = " 30 23 * * * " }, Ct);

        Assert.Equal(("日报汇总", "tygj001", "财务日报", RobotTaskStatus.Pending), (row.TaskName, row.ShadowBotAccount, row.AppName, row.Status));
        Assert.Equal("{\n  \"region\": \"华东\",\n  \"limit\": 5\n}", row.ConfigJson!.ReplaceLineEndings("\n"));
        Assert.Equal("30 23 * * *", row.CronExpression);
        Assert.Equal("30 23 * * *", row.Schedule);
        Assert.Equal(new DateTime(2026, 11, 25, 15, 30, 0, DateTimeKind.Utc), row.NextFireAt); // 23:30 in Shanghai
        var stored = await TaskAsync(row.Id);
        Assert.Equal(Now, stored.ScheduledThrough);
        var entry = Assert.Single(await AuditAsync(AuditActions.TaskCreated));
        Assert.Equal((AuditTargetTypes.Task, row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), "operator-user"), (entry.TargetType, entry.TargetId, entry.Actor));
        Assert.Contains("\"cron_expression\"", entry.Changes, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> BadInputs => new()
    {
        { "no name", TaskRules.TaskNameField, ErrorCodes.Required },
        { "long name", TaskRules.TaskNameField, ErrorCodes.TooLong },
        { "no app", TaskRules.AppNameField, ErrorCodes.Required },
        { "long app", TaskRules.AppNameField, ErrorCodes.TooLong },
        { "no account", TaskRules.AccountField, ErrorCodes.Required },
        { "unknown account", TaskRules.AccountField, TaskErrorCodes.AccountNotRegistered },
        { "unregistered account", TaskRules.AccountField, TaskErrorCodes.AccountNotRegistered },
        { "broken json", TaskRules.ConfigJsonField, TaskErrorCodes.InvalidJson },
        { "two json values", TaskRules.ConfigJsonField, TaskErrorCodes.InvalidJson },
        { "four cron fields", TaskRules.CronField, TaskErrorCodes.InvalidCron },
        { "six cron fields", TaskRules.CronField, TaskErrorCodes.InvalidCron },
        { "minute 60", TaskRules.CronField, TaskErrorCodes.InvalidCron },
        { "past trigger", TaskRules.TriggerTimeField, TaskErrorCodes.NotInFuture },
        { "trigger now", TaskRules.TriggerTimeField, TaskErrorCodes.NotInFuture },
        { "zero timeout", TaskRules.RunTimeoutField, ErrorCodes.OutOfRange },
        { "exe config file", "config_file", ErrorCodes.FileTypeNotAllowed },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task Create_BadInput_RefusedNamingTheFieldAndNothingStored(string scenario, string field, string code)
    {
        var input = await BadInputAsync(scenario);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(input, Ct));

        var error = Assert.Single(refused.Errors);
        Assert.Equal((field, code), (error.Field, error.Code));
        Assert.Equal(0, await _host.ReadAsync(db => db.Tasks.CountAsync(Ct)));
        Assert.Empty(await AuditAsync(AuditActions.TaskCreated));
    }

    [Fact]
    public async Task Create_SeveralBadFields_AllReportedInFormOrder()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Service.CreateAsync(new TaskInput("", 424242, " ", "{", Now.AddHours(-1), "x"), Ct));

        Assert.Equal(
            [TaskRules.TaskNameField, TaskRules.AccountField, TaskRules.AppNameField, TaskRules.ConfigJsonField, TaskRules.TriggerTimeField, TaskRules.CronField],
            refused.Errors.Select(e => e.Field));
    }

    [Theory]
    [InlineData(Roles.Viewer)]
    [InlineData(null)]
    public async Task Changes_WithoutOperatorRole_Refused(string? role)
    {
        var row = await Service.CreateAsync(Input(), Ct);
        SignIn(role);

        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.CreateAsync(Input() with { TaskName = "另一个" }, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.UpdateAsync(row.Id, Input() with { TaskName = "改名" }, Ct));
        await Assert.ThrowsAsync<AccessDeniedException>(() => Service.DeleteAsync(row.Id, Ct));

        Assert.Equal("日报汇总", (await TaskAsync(row.Id)).TaskName);
    }

    [Fact]
    public async Task List_AsViewer_ReadsRowsWithAccountAndLatestRunOutcome()
    {
        var row = await Service.CreateAsync(Input(), Ct);
        await AddLogAsync(row.Id, ExecutionStatus.Completed, Now.AddHours(-2));
        var latest = await AddLogAsync(row.Id, ExecutionStatus.TimedOut, Now.AddHours(-1));
        SignIn(Roles.Viewer);

        var listed = Assert.Single((await Service.ListAsync(new TaskQuery(), Ct)).Items);

        Assert.Equal(("tygj001", "tygj001-192.168.10.21:8080"), (listed.ShadowBotAccount, listed.TaskControl));
        Assert.Equal((latest, ExecutionStatus.TimedOut), (listed.LastLogId, listed.LastOutcome));
        Assert.True(listed.CanRunAgain);
    }

    [Fact]
    public async Task List_SearchesTaskAppAndAccountAndFiltersByStatus()
    {
        var other = (await _host.Get<AccountService>().CreateAsync(new AccountInput("kefu01", "10.8.0.15", 18080), Ct)).Id;
        await Service.CreateAsync(Input(), Ct);
        var running = await Service.CreateAsync(Input() with { TaskName = "工单分派-每日", AppName = "工单分派", AccountId = other }, Ct);
        await SetStatusAsync(running.Id, RobotTaskStatus.Running);

        Assert.Equal(["日报汇总"], await NamesAsync(new TaskQuery { Search = "日报" }));
        Assert.Equal(["工单分派-每日"], await NamesAsync(new TaskQuery { Search = "kefu" }));
        Assert.Equal(["日报汇总"], await NamesAsync(new TaskQuery { Search = "财务" }));
        Assert.Equal(["工单分派-每日"], await NamesAsync(new TaskQuery { Status = RobotTaskStatus.Running }));
        Assert.Equal(["日报汇总", "工单分派-每日"], await NamesAsync(new TaskQuery { SortBy = TaskSort.Account, Descending = true }));
        Assert.Empty(await NamesAsync(new TaskQuery { Search = "%" }));
    }

    [Fact]
    public async Task Update_ScheduleChanged_MovesScheduledThroughToNow()
    {
        var row = await Service.CreateAsync(Input() with { CronExpression = "0 9 * * 1-5" }, Ct);
        var created = Now;
        _host.Clock.Advance(TimeSpan.FromHours(3));

        var renamed = await Service.UpdateAsync(row.Id, Input(row) with { TaskName = "改名" }, Ct);
        Assert.Equal(created, (await TaskAsync(row.Id)).ScheduledThrough);

        await Service.UpdateAsync(row.Id, Input(renamed) with { TriggerTime = Now.AddDays(1) }, Ct);
        Assert.Equal(Now, (await TaskAsync(row.Id)).ScheduledThrough);
    }

    [Fact]
    public async Task Update_UnchangedPastTriggerTime_IsAccepted()
    {
        var row = await Service.CreateAsync(Input() with { TriggerTime = Now.AddMinutes(5) }, Ct);
        _host.Clock.Advance(TimeSpan.FromHours(1));

        var saved = await Service.UpdateAsync(row.Id, Input(row) with { AppName = "新应用" }, Ct);

        Assert.Equal(("新应用", row.TriggerTime), (saved.AppName, saved.TriggerTime));
    }

    [Fact]
    public async Task Update_SomeoneSavedSinceTheDialogOpened_RefusedAsStale()
    {
        var row = await Service.CreateAsync(Input(), Ct);
        await Service.UpdateAsync(row.Id, Input(row) with { TaskName = "先保存" }, Ct);

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Service.UpdateAsync(row.Id, Input(row) with { TaskName = "后保存" }, Ct));

        Assert.Equal(ErrorCodes.ConcurrencyConflict, refused.Code);
        Assert.Equal("先保存", (await TaskAsync(row.Id)).TaskName);
    }

    [Fact]
    public async Task Update_RunStartedSinceTheDialogOpened_NotStaleButAccountCannotMove()
    {
        var other = (await _host.Get<AccountService>().CreateAsync(new AccountInput("kefu01", "10.8.0.15", 18080), Ct)).Id;
        var row = await Service.CreateAsync(Input(), Ct);
        await SetStatusAsync(row.Id, RobotTaskStatus.Running);

        var saved = await Service.UpdateAsync(row.Id, Input(row) with { CronExpression = "0 * * * *" }, Ct);
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Service.UpdateAsync(row.Id, Input(saved) with { AccountId = other }, Ct));

        Assert.Equal("0 * * * *", saved.CronExpression);
        Assert.Equal(TaskErrorCodes.TaskNotPending, refused.Code);
        Assert.Equal(_accountId, (await TaskAsync(row.Id)).AccountId);
    }

    [Fact]
    public async Task Update_NewConfigFile_ReplacesTheOldOneWhichIsDeleted()
    {
        var row = await Service.CreateAsync(Input() with { ConfigFile = File("first.json", """{"v":1}""") }, Ct);
        var firstKey = row.ConfigFileKey!;

        var replaced = await Service.UpdateAsync(row.Id, Input(row) with { ConfigFile = File("second.yaml", "v: 2") }, Ct);

        Assert.NotEqual(firstKey, replaced.ConfigFileKey);
        Assert.EndsWith(".yaml", replaced.ConfigFileKey, StringComparison.Ordinal);
        Assert.Equal("v: 2", await ReadFileAsync(replaced.ConfigFileKey!));
        Assert.Null(await _host.Get<ConfigFileService>().OpenAsync(firstKey, Ct));

        var removed = await Service.UpdateAsync(row.Id, Input(replaced) with { RemoveConfigFile = true }, Ct);
        Assert.Null(removed.ConfigFileKey);
        Assert.Null(await _host.Get<ConfigFileService>().OpenAsync(replaced.ConfigFileKey!, Ct));
    }

    [Fact]
    public async Task Delete_PendingTask_RemovesItAndItsConfigFileAndKeepsItsLogs()
    {
        var row = await Service.CreateAsync(Input() with { ConfigFile = File("settings.json", "{}") }, Ct);
        var log = await AddLogAsync(row.Id, ExecutionStatus.Failed, Now.AddHours(-1));

        await Service.DeleteAsync(row.Id, Ct);

        Assert.Null(await Service.GetAsync(row.Id, Ct));
        Assert.Null(await _host.Get<ConfigFileService>().OpenAsync(row.ConfigFileKey!, Ct));
        Assert.Null(await _host.ReadAsync(db => db.ExecutionLogs.Where(l => l.Id == log).Select(l => l.TaskId).SingleAsync(Ct)));
        Assert.Single(await AuditAsync(AuditActions.TaskDeleted));
    }

    [Theory]
    [InlineData(RobotTaskStatus.Starting)]
    [InlineData(RobotTaskStatus.Running)]
    [InlineData(RobotTaskStatus.Stopping)]
    public async Task Delete_WhileARunIsInProgress_Refused(RobotTaskStatus status)
    {
        var row = await Service.CreateAsync(Input(), Ct);
        await SetStatusAsync(row.Id, status);

        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => Service.DeleteAsync(row.Id, Ct));

        Assert.Equal(TaskErrorCodes.TaskNotPending, refused.Code);
        Assert.NotNull(await Service.GetAsync(row.Id, Ct));
        Assert.Empty(await AuditAsync(AuditActions.TaskDeleted));
    }

    private TaskInput Input() => new("日报汇总", _accountId, "财务日报");

    // What the dialog sends back for an unchanged row.
    private static TaskInput Input(TaskRow row) =>
        new(row.TaskName, row.AccountId, row.AppName, row.ConfigJson, row.TriggerTime, row.CronExpression, row.RunTimeout, row.Version);

    private async Task<TaskInput> BadInputAsync(string scenario) => scenario switch
    {
        "no name" => Input() with { TaskName = "  " },
        "long name" => Input() with { TaskName = new string('任', TaskRules.MaxTaskNameLength + 1) },
        "no app" => Input() with { AppName = null },
        "long app" => Input() with { AppName = new string('a', TaskRules.MaxAppNameLength + 1) },
        "no account" => Input() with { AccountId = null },
        "unknown account" => Input() with { AccountId = 424242 },
        "unregistered account" => Input() with { AccountId = await AddUnregisteredAccountAsync() },
        "broken json" => Input() with { ConfigJson = """{"region": "华东",}""" },
        "two json values" => Input() with { ConfigJson = "{} {}" },
        "four cron fields" => Input() with { CronExpression = "0 9 * *" },
        "six cron fields" => Input() with { CronExpression = "0 0 9 * * *" },
        "minute 60" => Input() with { CronExpression = "60 9 * * *" },
        "past trigger" => Input() with { TriggerTime = Now.AddMinutes(-1) },
        "trigger now" => Input() with { TriggerTime = Now },
        "zero timeout" => Input() with { RunTimeout = TimeSpan.Zero },
        "exe config file" => Input() with { ConfigFile = File("robot.exe", "MZ") },
        _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
    };

    private static ConfigFileUpload File(string name, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return new ConfigFileUpload(name, bytes.Length, _ => new MemoryStream(bytes));
    }

    private async Task<string> ReadFileAsync(string key)
    {
        await using var stored = await _host.Get<ConfigFileService>().OpenAsync(key, Ct);
        using var reader = new StreamReader(stored!.Content);
        return await reader.ReadToEndAsync(Ct);
    }

    private async Task<long> AddUnregisteredAccountAsync()
    {
        await using var db = await _host.CreateDbContextAsync();
        var account = new Account { ShadowBotAccount = "ghost01", HostIp = "", TaskControl = "ghost01-:0", Unregistered = true, CreatedAt = Now, UpdatedAt = Now };
        db.Accounts.Add(account);
        await db.SaveChangesAsync(Ct);
        return account.Id;
    }

    private async Task<long> AddLogAsync(long taskId, ExecutionStatus status, DateTime start)
    {
        await using var db = await _host.CreateDbContextAsync();
        var log = new ExecutionLog
        {
            AppName = "财务日报", ShadowBotAccount = "tygj001", Status = status, StartTime = start, EndTime = start.AddMinutes(1),
            TaskId = taskId, AccountId = _accountId, CreatedAt = start.AddMinutes(1),
        };
        db.ExecutionLogs.Add(log);
        await db.SaveChangesAsync(Ct);
        return log.Id;
    }

    private Task<int> SetStatusAsync(long taskId, RobotTaskStatus status) => _host.ReadAsync(db =>
        db.Tasks.Where(t => t.Id == taskId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Status, status).SetProperty(t => t.CurrentRunId, "run-1"), Ct));

    private async Task<List<string>> NamesAsync(TaskQuery query) => [.. (await Service.ListAsync(query, Ct)).Items.Select(t => t.TaskName)];

    private Task<RobotTask> TaskAsync(long id) => _host.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, Ct));

    private Task<List<AuditEntry>> AuditAsync(string action) =>
        _host.ReadAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == action).ToListAsync(Ct));

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
}

public sealed class TaskServiceTestsOnSqlite() : TaskServiceTests(DatabaseProvider.Sqlite);

public sealed class TaskServiceTestsOnPostgreSql() : TaskServiceTests(DatabaseProvider.PostgreSQL);

using System.Text;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>A task's ShadowBot settings through <see cref="TaskService"/>: stored, audited, and held to ShadowBot's job/start bounds.</summary>
public sealed class TaskServiceShadowBotTests : IAsyncLifetime
{
    private const string AppUuid = "7c1e2a9b-0d3f-4b6a-9e21-5f8a7d3c4b10";
    private const string GroupUuid = "g-4c1d8e2f";

    private CoreTestHost _host = null!;
    private long _accountId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TaskService Service => _host.Get<TaskService>();

    public async ValueTask InitializeAsync() => await StartAsync(mode: null);

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Create_WithSettings_StoresThemTrimmedShowsThemAndAudits()
    {
        var settings = new ShadowBotTaskSettings
        {
            RobotUuid = $"  {AppUuid} ", GroupUuid = GroupUuid, ExecuteScope = ShadowBotExecuteScope.All,
            Priority = ShadowBotPriority.High, WaitTimeoutSeconds = 1200,
        };

        var row = await Service.CreateAsync(Input(settings), Ct);

        var expected = new ShadowBotTaskSettings
        {
            RobotUuid = AppUuid, GroupUuid = GroupUuid, ExecuteScope = ShadowBotExecuteScope.All,
            Priority = ShadowBotPriority.High, WaitTimeoutSeconds = 1200,
        };
        Assert.Equal(expected, row.ShadowBot);
        Assert.Equal(expected, (await _host.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(Ct))).ShadowBot);
        var changes = Assert.Single(await AuditAsync(AuditActions.TaskCreated)).Changes;
        Assert.Contains($"\"shadow_bot.robot_uuid\":{{\"before\":null,\"after\":\"{AppUuid}\"}}", changes, StringComparison.Ordinal);
        Assert.Contains("\"shadow_bot.execute_scope\":{\"before\":null,\"after\":\"all\"}", changes, StringComparison.Ordinal);
        Assert.Contains("\"shadow_bot.priority\":{\"before\":null,\"after\":\"high\"}", changes, StringComparison.Ordinal);
        Assert.Contains("\"shadow_bot.wait_timeout_seconds\":{\"before\":null,\"after\":\"1200\"}", changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_AllBlank_StoresNoSettings()
    {
        var row = await Service.CreateAsync(Input(new ShadowBotTaskSettings { RobotUuid = "  ", GroupUuid = "", FileParam = " " }), Ct);

        Assert.Null(row.ShadowBot);
        Assert.Null((await _host.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(Ct))).ShadowBot);
    }

    [Fact]
    public async Task Update_ChangedSettings_AuditsOnlyTheChangedFieldsAndChangesTheVersion()
    {
        var created = await Service.CreateAsync(Input(new ShadowBotTaskSettings { RobotUuid = AppUuid, Priority = ShadowBotPriority.Low }), Ct);

        var updated = await Service.UpdateAsync(created.Id, Input(new ShadowBotTaskSettings { RobotUuid = AppUuid, Priority = ShadowBotPriority.Middle }) with
        {
            Version = created.Version,
        }, Ct);

        Assert.Equal(ShadowBotPriority.Middle, updated.ShadowBot?.Priority);
        Assert.NotEqual(created.Version, updated.Version);
        var changes = Assert.Single(await AuditAsync(AuditActions.TaskUpdated)).Changes;
        Assert.Equal("""{"shadow_bot.priority":{"before":"low","after":"middle"}}""", changes);
    }

    [Fact]
    public async Task Update_SettingsRemoved_StoresNone()
    {
        var created = await Service.CreateAsync(Input(new ShadowBotTaskSettings { RobotUuid = AppUuid }), Ct);

        var updated = await Service.UpdateAsync(created.Id, Input(settings: null) with { Version = created.Version }, Ct);

        Assert.Null(updated.ShadowBot);
    }

    public static TheoryData<string, string, string> BadSettings => new()
    {
        { "app uuid of 65 characters", "shadow_bot.robot_uuid", "TooLong" },
        { "app uuid with a space", "shadow_bot.robot_uuid", "ShadowBotInvalidUuid" },
        { "group uuid of 65 characters", "shadow_bot.group_uuid", "TooLong" },
        { "group uuid with a tab", "shadow_bot.group_uuid", "ShadowBotInvalidUuid" },
        { "scope without a group", "shadow_bot.execute_scope", "ShadowBotScopeNeedsGroup" },
        { "wait 59 s", "shadow_bot.wait_timeout_seconds", "ShadowBotTimeoutRange" },
        { "wait 950401 s", "shadow_bot.wait_timeout_seconds", "ShadowBotTimeoutRange" },
        { "run timeout 59 s", "run_timeout", "ShadowBotTimeoutRange" },
        { "file param of 101 characters", "shadow_bot.file_param", "TooLong" },
        { "file param without a config file", "shadow_bot.file_param", "ShadowBotFileParamNeedsFile" },
        { "config JSON a list", "config_json", "ShadowBotConfigNotObject" },
        { "config JSON with a bad typed value", "config_json.report", "ShadowBotParamInvalid" },
        { "params longer than 10000 characters", "config_json", "ShadowBotParamsTooLong" },
    };

    [Theory]
    [MemberData(nameof(BadSettings))]
    public async Task Create_OutOfShadowBotsBounds_IsRefusedNamingTheField(string scenario, string field, string code)
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(BadInput(scenario), Ct));

        var error = Assert.Single(refused.Errors);
        Assert.Equal((field, code), (error.Field, error.Code));
        Assert.Equal(0, await _host.ReadAsync(db => db.Tasks.CountAsync(Ct)));
    }

    [Theory]
    [InlineData(60, 60)]
    [InlineData(950_400, 604_800)] // the task's own limit, 7 days, is below ShadowBot's 11
    public async Task Create_AtTheBounds_IsAccepted(int waitSeconds, int runTimeoutSeconds)
    {
        var input = Input(new ShadowBotTaskSettings { RobotUuid = AppUuid, WaitTimeoutSeconds = waitSeconds }) with
        {
            RunTimeout = TimeSpan.FromSeconds(runTimeoutSeconds),
        };

        var row = await Service.CreateAsync(input, Ct);

        Assert.Equal(waitSeconds, row.ShadowBot?.WaitTimeoutSeconds);
    }

    [Fact]
    public async Task Create_ShortRunTimeoutWithoutAnApp_IsAccepted()
    {
        var row = await Service.CreateAsync(Input(new ShadowBotTaskSettings { Priority = ShadowBotPriority.Low }) with { RunTimeout = TimeSpan.FromSeconds(30) }, Ct);

        Assert.Equal(TimeSpan.FromSeconds(30), row.RunTimeout);
    }

    [Fact]
    public async Task Create_FileParamWithAConfigFile_IsAccepted()
    {
        var input = Input(new ShadowBotTaskSettings { RobotUuid = AppUuid, FileParam = "订单表" }) with { ConfigFile = File("orders.json", """{"a":1}""") };

        var row = await Service.CreateAsync(input, Ct);

        Assert.Equal("订单表", row.ShadowBot?.FileParam);
    }

    [Fact]
    public async Task Update_FileParamWhileRemovingTheStoredFile_IsRefused()
    {
        var created = await Service.CreateAsync(Input(new ShadowBotTaskSettings { RobotUuid = AppUuid, FileParam = "订单表" }) with
        {
            ConfigFile = File("orders.json", """{"a":1}"""),
        }, Ct);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.UpdateAsync(created.Id,
            Input(created.ShadowBot) with { Version = created.Version, RemoveConfigFile = true }, Ct));

        Assert.Equal("shadow_bot.file_param", Assert.Single(refused.Errors).Field);
    }

    [Fact]
    public async Task Create_InShadowBotModeWithoutAnApp_IsRefusedNamingRobotUuid()
    {
        await _host.DisposeAsync();
        await StartAsync(mode: "ShadowBot");

        var withoutSettings = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(Input(settings: null), Ct));
        var withoutApp = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Service.CreateAsync(Input(new ShadowBotTaskSettings { GroupUuid = GroupUuid }), Ct));

        Assert.Equal(("shadow_bot.robot_uuid", "Required"), (Assert.Single(withoutSettings.Errors).Field, withoutSettings.Errors[0].Code));
        Assert.Equal(("shadow_bot.robot_uuid", "Required"), (Assert.Single(withoutApp.Errors).Field, withoutApp.Errors[0].Code));
        Assert.Equal(AppUuid, (await Service.CreateAsync(Input(new ShadowBotTaskSettings { RobotUuid = AppUuid }), Ct)).ShadowBot?.RobotUuid);
    }

    [Fact]
    public async Task Create_SeveralBadSettings_AllReportedInFormOrder()
    {
        var input = Input(new ShadowBotTaskSettings
        {
            RobotUuid = "app uuid", ExecuteScope = ShadowBotExecuteScope.Any, WaitTimeoutSeconds = 10, FileParam = "文件",
        }) with { ConfigJson = "[1]" };

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(input, Ct));

        Assert.Equal(
            ["config_json", "shadow_bot.robot_uuid", "shadow_bot.execute_scope", "shadow_bot.wait_timeout_seconds", "shadow_bot.file_param"],
            refused.Errors.Select(e => e.Field));
    }

    private TaskInput BadInput(string scenario)
    {
        var app = new ShadowBotTaskSettings { RobotUuid = AppUuid };
        return scenario switch
        {
            "app uuid of 65 characters" => Input(new ShadowBotTaskSettings { RobotUuid = new string('a', 65) }),
            "app uuid with a space" => Input(new ShadowBotTaskSettings { RobotUuid = "7c1e 2a9b" }),
            "group uuid of 65 characters" => Input(app with { GroupUuid = new string('g', 65) }),
            "group uuid with a tab" => Input(app with { GroupUuid = "g-4c1d\t8e2f" }),
            "scope without a group" => Input(app with { ExecuteScope = ShadowBotExecuteScope.Any }),
            "wait 59 s" => Input(app with { WaitTimeoutSeconds = 59 }),
            "wait 950401 s" => Input(app with { WaitTimeoutSeconds = 950_401 }),
            "run timeout 59 s" => Input(app) with { RunTimeout = TimeSpan.FromSeconds(59) },
            "file param of 101 characters" => Input(app with { FileParam = new string('f', 101) }) with { ConfigFile = File("a.json", "{}") },
            "file param without a config file" => Input(app with { FileParam = "订单表" }),
            "config JSON a list" => Input(app) with { ConfigJson = """["华东"]""" },
            "config JSON with a bad typed value" => Input(app) with { ConfigJson = """{"report": {"type": "date", "value": "2026-12-06"}}""" },
            "params longer than 10000 characters" => Input(app) with { ConfigJson = $$"""{"notes": "{{new string('x', 10_000)}}"}""" },
            _ => throw new ArgumentOutOfRangeException(nameof(scenario), scenario, null),
        };
    }

    private async Task StartAsync(string? mode)
    {
        _host = await new CoreTestHost(mode is null ? null : new Dictionary<string, string?> { ["Workbench:Robots:Mode"] = mode }).MigrateAsync();
        _accountId = (await _host.Get<AccountService>().CreateAsync(new AccountInput("tygj001", "192.168.10.21", 8080), Ct)).Id;
    }

    private TaskInput Input(ShadowBotTaskSettings? settings) => new("日报汇总", _accountId, "财务日报") { ShadowBot = settings };

    private static ConfigFileUpload File(string name, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return new ConfigFileUpload(name, bytes.Length, _ => new MemoryStream(bytes));
    }

    private Task<List<AuditEntry>> AuditAsync(string action) =>
        _host.ReadAsync(db => db.AuditEntries.AsNoTracking().Where(e => e.Action == action).ToListAsync(Ct));
}

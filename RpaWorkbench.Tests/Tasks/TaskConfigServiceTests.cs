using System.Text;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Storage;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>The Core side of the robots' config APIs on a real SQLite file and the local store: who may, what changes.</summary>
public abstract class TaskConfigServiceTests(DatabaseProvider provider) : IAsyncLifetime
{
    private static readonly Uri RequestBase = new("http://10.0.0.5:5000/");
    private CoreTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TaskConfigService Configs => _host.Get<TaskConfigService>();

    public async ValueTask InitializeAsync() => _host = await new CoreTestHost(provider).MigrateAsync();

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Replace_Robot_StoresTheFileAsTheTasksAndAuditsTheKeyAsActor()
    {
        var taskId = await AddTaskAsync();
        _host.User.SignInAs("key-1", "line-7", Roles.Robot);

        var stored = await ReplaceAsync(taskId, "rules.json", "{\"a\":1}");

        var key = (await TaskAsync(taskId)).ConfigFileKey!;
        Assert.Equal(("rules.json", 7L), (stored.Name, stored.Size));
        Assert.Equal(Encoding.UTF8.GetBytes("{\"a\":1}"), await StoredBytes.ReadAllAsync((await _host.Get<IObjectStore>().GetAsync(key, Ct))!, Ct));
        var entry = (await AuditRows.AllAsync(_host.CreateDbContextAsync)).Last();
        Assert.Equal((AuditActions.TaskConfigFileChanged, "apikey:line-7", AuditTargetTypes.Task, taskId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            (entry.Action, entry.Actor, entry.TargetType, entry.TargetId));
        Assert.Contains(("config_file", null, key), entry.Changes());
        Assert.Contains(("file_name", null, "rules.json"), entry.Changes());
    }

    [Fact]
    public async Task Replace_Again_TheOldObjectIsDeleted()
    {
        var taskId = await AddTaskAsync();
        await ReplaceAsync(taskId, "v1.json", "{}");
        var first = (await TaskAsync(taskId)).ConfigFileKey!;

        await ReplaceAsync(taskId, "v2.csv", "a,b");

        var second = (await TaskAsync(taskId)).ConfigFileKey!;
        Assert.NotEqual(first, second);
        Assert.False(await _host.Get<IObjectStore>().ExistsAsync(first, Ct));
        Assert.True(await _host.Get<IObjectStore>().ExistsAsync(second, Ct));
    }

    [Fact]
    public async Task Replace_Viewer_RefusedAndNothingStored()
    {
        var taskId = await AddTaskAsync();
        _host.User.SignIn(Roles.Viewer);

        await Assert.ThrowsAsync<AccessDeniedException>(() => ReplaceAsync(taskId, "rules.json", "{}"));

        Assert.Null((await TaskAsync(taskId)).ConfigFileKey);
        Assert.False(Directory.Exists(Path.Combine(_host.DataDirectory, "objects")));
    }

    [Fact]
    public async Task Replace_UnknownTask_NotFoundAndNothingStored()
    {
        var refused = await Assert.ThrowsAsync<RuleViolationException>(() => ReplaceAsync(4242, "rules.json", "{}"));

        Assert.Equal(ErrorCodes.NotFound, refused.Code);
        Assert.False(Directory.Exists(Path.Combine(_host.DataDirectory, "objects")));
    }

    [Fact]
    public async Task Replace_FileAgainstTheRules_ValidationOnConfigFileAndTheTaskKeepsItsFile()
    {
        var taskId = await AddTaskAsync();
        await ReplaceAsync(taskId, "v1.json", "{}");
        var before = await TaskAsync(taskId);

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => ReplaceAsync(taskId, "robot.exe", "MZ"));

        Assert.Equal(("config_file", ErrorCodes.FileTypeNotAllowed), (refused.Errors.Single().Field, refused.Errors.Single().Code));
        Assert.Equal(before.ConfigFileKey, (await TaskAsync(taskId)).ConfigFileKey);
        Assert.True(await _host.Get<IObjectStore>().ExistsAsync(before.ConfigFileKey!, Ct));
    }

    [Fact]
    public async Task Get_ByAccountAndApp_MostRecentlyUpdatedOfSeveral()
    {
        var older = await AddTaskAsync("日报-旧", config: """{"v":1}""");
        _host.Clock.Advance(TimeSpan.FromMinutes(1));
        var newer = await AddTaskAsync("日报-新", config: """{"v":2}""");

        var config = await Configs.GetRobotConfigAsync(new RobotConfigQuery(null, " tygj00001 ", "财务日报"), RequestBase, Ct);

        Assert.Equal(newer, config.TaskId);
        Assert.NotEqual(older, config.TaskId);
        Assert.Equal(2, config.ConfigJson!.Value.GetProperty("v").GetInt32());
        Assert.Null(config.ConfigFile);
    }

    [Fact]
    public async Task Get_Operator_LinkUnderTheRequestBase()
    {
        var taskId = await AddTaskAsync();
        await ReplaceAsync(taskId, "rules.json", "{}");

        var config = await Configs.GetRobotConfigAsync(new RobotConfigQuery(taskId, null, null), RequestBase, Ct);

        Assert.StartsWith("http://10.0.0.5:5000/api/v1/resources/config-files/", config.ConfigFile!.Link!.Url.AbsoluteUri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Viewer_RefusedAsForbidden()
    {
        var taskId = await AddTaskAsync(config: """{"region":"华东"}""");
        _host.User.SignIn(Roles.Viewer);

        var refused = await Assert.ThrowsAsync<AccessDeniedException>(
            () => Configs.GetRobotConfigAsync(new RobotConfigQuery(taskId, null, null), RequestBase, Ct));

        Assert.Equal(ErrorCodes.Forbidden, refused.Code);
    }

    [Fact]
    public async Task Get_SecretValues_InFullForARobot_MaskedForAnOperator()
    {
        var taskId = await AddTaskAsync(config: """{"region":"华东","db_password":"p@ss-0001","nested":{"api_token":"tok-0002"}}""");

        var operatorView = await Configs.GetRobotConfigAsync(new RobotConfigQuery(taskId, null, null), RequestBase, Ct);
        _host.User.SignInAs("key-1", "line-7", Roles.Robot);
        var robotView = await Configs.GetRobotConfigAsync(new RobotConfigQuery(taskId, null, null), RequestBase, Ct);

        Assert.Equal("""{"region":"华东","db_password":"******","nested":{"api_token":"******"}}""", CompactJson.Of(operatorView.ConfigJson!.Value));
        Assert.Equal("""{"region":"华东","db_password":"p@ss-0001","nested":{"api_token":"tok-0002"}}""", CompactJson.Of(robotView.ConfigJson!.Value));
    }

    [Fact]
    public async Task Get_SignedOut_Refused()
    {
        var taskId = await AddTaskAsync();
        _host.User.SignOut();

        await Assert.ThrowsAsync<AccessDeniedException>(() => Configs.GetRobotConfigAsync(new RobotConfigQuery(taskId, null, null), RequestBase, Ct));
    }

    [Theory]
    [InlineData(null, null, null, "task_id,shadow_bot_account,app_name")]
    [InlineData(null, "tygj00001", " ", "app_name")]
    [InlineData(null, null, "财务日报", "shadow_bot_account")]
    [InlineData(0L, null, null, "task_id")]
    public async Task Get_IncompleteQuery_NamesTheFields(long? taskId, string? account, string? app, string fields)
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Configs.GetRobotConfigAsync(new RobotConfigQuery(taskId, account, app), RequestBase, Ct));

        Assert.Equal(fields, string.Join(',', refused.Errors.Select(e => e.Field)));
    }

    private async Task<StoredConfigFile> ReplaceAsync(long taskId, string name, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        using var stream = new MemoryStream(bytes);
        return await Configs.ReplaceConfigFileAsync(taskId, name, stream, bytes.Length, RequestBase, Ct);
    }

    private async Task<long> AddTaskAsync(string name = "日报汇总", string? config = null)
    {
        await using var db = await _host.CreateDbContextAsync();
        var now = _host.Clock.GetUtcNow().UtcDateTime;
        var account = await db.Accounts.FirstOrDefaultAsync(Ct) ?? new Account
        {
            ShadowBotAccount = "tygj00001", HostIp = "10.0.0.8", Port = 8080,
            TaskControl = AccountRules.TaskControl("tygj00001", "10.0.0.8", 8080), CreatedAt = now, UpdatedAt = now,
        };
        var task = new RobotTask { TaskName = name, AppName = "财务日报", Account = account, ConfigJson = config, CreatedAt = now, UpdatedAt = now };
        db.Tasks.Add(task);
        await db.SaveChangesAsync(Ct);
        return task.Id;
    }

    private Task<RobotTask> TaskAsync(long id) => _host.ReadAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, Ct));
}

public sealed class TaskConfigServiceTestsOnSqlite() : TaskConfigServiceTests(DatabaseProvider.Sqlite);

public sealed class TaskConfigServiceTestsOnPostgreSql() : TaskConfigServiceTests(DatabaseProvider.PostgreSQL);

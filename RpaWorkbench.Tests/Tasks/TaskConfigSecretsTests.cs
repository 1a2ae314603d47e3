using System.Text;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>
/// Who sees a task's config through the task service: viewers nothing (it may hold credentials), operators and admins
/// the config with secret values (names containing password, token, 密码 …) shown as "******" and kept when saved back,
/// and the audit trail never a secret value.
/// </summary>
public sealed class TaskConfigSecretsTests : IAsyncLifetime
{
    private const string Config = """{"region":"华东","db_password":"p@ss-0001","accounts":[{"user":"a","密码":"x-0003"},{"user":"b","密码":"y-0004"}]}""";
    private static readonly string[] SecretValues = ["p@ss-0001", "x-0003", "y-0004"];
    private CoreTestHost _host = null!;
    private long _accountId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private TaskService Service => _host.Get<TaskService>();

    public async ValueTask InitializeAsync()
    {
        _host = await new CoreTestHost().MigrateAsync();
        _accountId = (await _host.Get<AccountService>().CreateAsync(new AccountInput("tygj001", "192.168.10.21", 8080), Ct)).Id;
    }

    public async ValueTask DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task ListAndGet_Viewer_NeitherConfigJsonNorConfigFile()
    {
        var created = await Service.CreateAsync(Input(Config) with { ConfigFile = File("rules.json", "{}") }, Ct);
        _host.User.SignIn(Roles.Viewer);

        var listed = Assert.Single((await Service.ListAsync(new TaskQuery(), Ct)).Items);
        var got = (await Service.GetAsync(created.Id, Ct))!;

        Assert.Equal((null, null), (listed.ConfigJson, listed.ConfigFileKey));
        Assert.Equal((null, null), (got.ConfigJson, got.ConfigFileKey));
        Assert.Equal("日报汇总", got.TaskName);
    }

    [Fact]
    public async Task Get_Operator_SecretValuesShownAsStars()
    {
        var created = await Service.CreateAsync(Input(Config), Ct);

        var shown = (await Service.GetAsync(created.Id, Ct))!.ConfigJson!;

        Assert.All(SecretValues, secret => Assert.DoesNotContain(secret, shown, StringComparison.Ordinal));
        Assert.Equal("""{"region":"华东","db_password":"******","accounts":[{"user":"a","密码":"******"},{"user":"b","密码":"******"}]}""", CompactJson.Of(shown));
        Assert.Equal(CompactJson.Of(shown), CompactJson.Of(created.ConfigJson!));
    }

    [Fact]
    public async Task Update_StarsSavedBackUnchanged_StoredSecretsKeptAndNothingAudited()
    {
        var created = await Service.CreateAsync(Input(Config), Ct);
        var before = await StoredConfigAsync(created.Id);
        var shown = (await Service.GetAsync(created.Id, Ct))!;

        await Service.UpdateAsync(created.Id, Input(shown.ConfigJson) with { Version = shown.Version }, Ct);

        Assert.Equal(before, await StoredConfigAsync(created.Id));
        Assert.Equal(Config, CompactJson.Of(before!));
        Assert.Empty(await AuditAsync(AuditActions.TaskUpdated));
    }

    [Fact]
    public async Task Update_OneSecretRetyped_StoredAndAuditedByNameNotValue()
    {
        var created = await Service.CreateAsync(Input(Config), Ct);
        var shown = (await Service.GetAsync(created.Id, Ct))!;
        var edited = shown.ConfigJson!.Replace("\"db_password\": \"******\"", "\"db_password\": \"n3w-0005\"", StringComparison.Ordinal);

        await Service.UpdateAsync(created.Id, Input(edited) with { Version = shown.Version }, Ct);

        Assert.Equal(Config.Replace("p@ss-0001", "n3w-0005", StringComparison.Ordinal), CompactJson.Of((await StoredConfigAsync(created.Id))!));
        var entry = Assert.Single(await AuditAsync(AuditActions.TaskUpdated));
        Assert.Equal(("config_json_secrets_changed", (string?)null, (string?)"db_password"), Assert.Single(entry.Changes()));
        Assert.DoesNotContain("n3w-0005", entry.Changes, StringComparison.Ordinal);
        Assert.DoesNotContain("p@ss-0001", entry.Changes, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_AuditShowsStarsAndNamesTheSecretsButHoldsNoValue()
    {
        await Service.CreateAsync(Input(Config), Ct);

        var entry = Assert.Single(await AuditAsync(AuditActions.TaskCreated));

        Assert.All(SecretValues, secret => Assert.DoesNotContain(secret, entry.Changes, StringComparison.Ordinal));
        var changes = entry.Changes();
        Assert.Contains("\"db_password\": \"******\"", changes.Single(c => c.Field == "config_json").After, StringComparison.Ordinal);
        Assert.Equal("db_password, accounts[0].密码, accounts[1].密码", changes.Single(c => c.Field == "config_json_secrets_changed").After);
    }

    [Fact]
    public async Task Create_StarsWhereNothingIsStored_RefusedOnConfigJson()
    {
        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.CreateAsync(Input("""{"db_password":"******"}"""), Ct));

        Assert.Equal((TaskRules.ConfigJsonField, "SecretNotKept"), (refused.Errors.Single().Field, refused.Errors.Single().Code));
        Assert.Contains("db_password", refused.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(0, await _host.ReadAsync(db => db.Tasks.CountAsync(Ct)));
    }

    [Fact]
    public async Task Update_FirstListEntryRemoved_TheSecondsStarsAreNotGivenTheFirstsPassword()
    {
        var created = await Service.CreateAsync(Input(Config), Ct);
        var shown = (await Service.GetAsync(created.Id, Ct))!;
        var edited = """{"region":"华东","db_password":"******","accounts":[{"user":"b","密码":"******"}]}""";

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.UpdateAsync(created.Id, Input(edited) with { Version = shown.Version }, Ct));

        Assert.Equal((TaskRules.ConfigJsonField, "SecretNotKept"), (refused.Errors.Single().Field, refused.Errors.Single().Code));
        Assert.Contains("accounts[0].密码", refused.Errors.Single().Message, StringComparison.Ordinal);
        Assert.Equal(Config, CompactJson.Of((await StoredConfigAsync(created.Id))!));
    }

    private TaskInput Input(string? config) => new("日报汇总", _accountId, "财务日报", config);

    private static ConfigFileUpload File(string name, string content)
    {
        var bytes = Encoding.UTF8.GetBytes(content);
        return new ConfigFileUpload(name, bytes.Length, _ => new MemoryStream(bytes));
    }

    private Task<string?> StoredConfigAsync(long id) =>
        _host.ReadAsync(db => db.Tasks.AsNoTracking().Where(t => t.Id == id).Select(t => t.ConfigJson).SingleAsync(Ct));

    private async Task<List<AuditEntry>> AuditAsync(string action) =>
        (await AuditRows.AllAsync(_host.CreateDbContextAsync)).Where(e => e.Action == action).ToList();
}

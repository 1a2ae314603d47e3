using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Storage;

namespace RpaWorkbench.Tests.Storage;

/// <summary>
/// The robots' config APIs on the whole app with a real API key and the local store: upload, read back with a link,
/// download through the link; every bad input named and refused without a change.
/// </summary>
public sealed class RobotConfigApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private const long MiB = 1024 * 1024;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ObjectsFolder => Path.Combine(app.DataDirectory, "objects");

    [Fact]
    public async Task Upload_ThenGet_ConfigJsonAndALinkThatDownloadsTheBytesWithoutAKey()
    {
        var taskId = await AddTaskAsync(config: """{"region":"华东","retries":3}""");
        var bytes = StoredBytes.EveryByteValue();

        var upload = await UploadAsync(app.Robot(), taskId.ToString(System.Globalization.CultureInfo.InvariantCulture), "规则.xlsx", bytes);

        Assert.Equal(HttpStatusCode.OK, upload.StatusCode);
        var uploaded = await upload.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(uploaded.GetProperty("success").GetBoolean());
        Assert.Equal(taskId, uploaded.GetProperty("task_id").GetInt64());
        Assert.Equal("规则.xlsx", uploaded.GetProperty("config_file").GetProperty("name").GetString());
        Assert.Equal(bytes.Length, uploaded.GetProperty("config_file").GetProperty("size").GetInt64());

        var get = await app.Robot().PostAsJsonAsync(ConfigGetEndpoint.Path, new { task_id = taskId }, Ct);

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        var config = await get.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(JsonValueKind.Object, config.GetProperty("config_json").ValueKind);
        Assert.Equal("华东", config.GetProperty("config_json").GetProperty("region").GetString());
        Assert.Equal(("tygj-api", "财务日报"), (config.GetProperty("shadow_bot_account").GetString(), config.GetProperty("app_name").GetString()));
        var url = config.GetProperty("config_file").GetProperty("url").GetString()!;
        Assert.Equal(url, config.GetProperty("config_file_url").GetString());
        Assert.StartsWith("http://localhost/api/v1/resources/config-files/", url, StringComparison.Ordinal);
        Assert.True(config.GetProperty("config_file").GetProperty("expires_at").GetDateTime() > DateTime.UtcNow.AddMinutes(59));

        var download = await app.Browser().GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal("attachment", download.Content.Headers.ContentDisposition?.DispositionType);
    }

    [Fact]
    public async Task Upload_WithApiKey_AuditedUnderTheKeyAndTheOldFileDeleted()
    {
        var taskId = await AddTaskAsync();
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(app.Robot(), Id(taskId), "v1.json", "{}"u8.ToArray())).StatusCode);
        var first = (await TaskAsync(taskId)).ConfigFileKey!;

        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(app.Robot(), Id(taskId), "v2.json", "{\"v\":2}"u8.ToArray())).StatusCode);

        Assert.False(File.Exists(Path.Combine(ObjectsFolder, first)));
        var entries = await app.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.TaskConfigFileChanged && e.TargetId == Id(taskId)).ToListAsync(Ct));
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal("apikey:bootstrap", e.Actor));
    }

    [Fact]
    public async Task Get_ByAccountAndApp_TheTaskWithoutFileHasNullFileAndUrl()
    {
        var taskId = await AddTaskAsync(account: "tygj-by-name", appName: "发票下载");

        var response = await app.Robot().PostAsJsonAsync(ConfigGetEndpoint.Path, new { shadow_bot_account = "tygj-by-name", app_name = "发票下载" }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var config = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(taskId, config.GetProperty("task_id").GetInt64());
        Assert.Equal(JsonValueKind.Null, config.GetProperty("config_json").ValueKind);
        Assert.Equal(JsonValueKind.Null, config.GetProperty("config_file").ValueKind);
        Assert.Equal(JsonValueKind.Null, config.GetProperty("config_file_url").ValueKind);
    }

    [Theory]
    [InlineData("""{}""", HttpStatusCode.BadRequest, "task_id,shadow_bot_account,app_name")]
    [InlineData("""{"task_id":"abc"}""", HttpStatusCode.BadRequest, "task_id")]
    [InlineData("""{"task_id":-1}""", HttpStatusCode.BadRequest, "task_id")]
    [InlineData("""{"task_id":1.5}""", HttpStatusCode.BadRequest, "task_id")]
    [InlineData("""{"shadow_bot_account":"tygj-api"}""", HttpStatusCode.BadRequest, "app_name")]
    [InlineData("""{"shadow_bot_account":7,"app_name":"财务日报"}""", HttpStatusCode.BadRequest, "shadow_bot_account")]
    [InlineData("""[1]""", HttpStatusCode.BadRequest, "body")]
    [InlineData("""{"task_id":""", HttpStatusCode.BadRequest, "body")]
    [InlineData("""{"task_id":1,"task_id":2}""", HttpStatusCode.BadRequest, "task_id")]
    [InlineData("""{"shadow_bot_account":"tygj-api\ud800","app_name":"财务日报"}""", HttpStatusCode.BadRequest, "shadow_bot_account")]
    [InlineData("""{"shadow_bot_account":"tygj-api","app_name":"财务\u0000日报"}""", HttpStatusCode.BadRequest, "app_name")]
    [InlineData("""{"task_id":987654321}""", HttpStatusCode.NotFound, "task_id")]
    [InlineData("""{"shadow_bot_account":"nobody","app_name":"财务日报"}""", HttpStatusCode.NotFound, "shadow_bot_account,app_name")]
    public async Task Get_BadOrUnknown_ProblemNamingTheFields(string body, HttpStatusCode status, string fields)
    {
        await AddTaskAsync();

        var response = await app.Robot().PostAsync(ConfigGetEndpoint.Path, new StringContent(body, Encoding.UTF8, "application/json"), Ct);

        Assert.Equal(fields, await ProblemFieldsAsync(response, status));
    }

    [Fact]
    public async Task Get_Utf8ByteOrderMarkBeforeTheJson_Answered()
    {
        var taskId = await AddTaskAsync(account: "tygj-bom", appName: "发票下载");
        var content = new ByteArrayContent([0xEF, 0xBB, 0xBF, .. """{"shadow_bot_account":"tygj-bom","app_name":"发票下载"}"""u8]);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");

        var response = await app.Robot().PostAsync(ConfigGetEndpoint.Path, content, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(taskId, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("task_id").GetInt64());
    }

    [Fact]
    public async Task Get_NotJson_415Problem()
    {
        var response = await app.Robot().PostAsync(ConfigGetEndpoint.Path, new FormUrlEncodedContent([new("task_id", "1")]), Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData(null, "settings.json", 10, "task_id")]
    [InlineData("abc", "settings.json", 10, "task_id")]
    [InlineData("0", "settings.json", 10, "task_id")]
    [InlineData("{task}", null, 0, "file")]
    [InlineData("abc", null, 0, "task_id,file")]
    [InlineData("{task}", "robot.exe", 10, "file")]
    [InlineData("{task}", "../settings.json", 10, "file")]
    [InlineData("{task}", "settings.json", 0, "file")]
    public async Task Upload_BadField_400NamingItAndNothingChanged(string? taskId, string? fileName, int length, string fields)
    {
        var task = await AddTaskAsync();
        var before = await StateAsync(task);

        var response = await UploadAsync(app.Robot(), taskId?.Replace("{task}", Id(task), StringComparison.Ordinal), fileName, new byte[length]);

        Assert.Equal(fields, await ProblemFieldsAsync(response, HttpStatusCode.BadRequest));
        Assert.Equal(before, await StateAsync(task));
    }

    [Fact]
    public async Task Upload_UnknownTask_404NamingTaskIdAndNothingStored()
    {
        var before = await StateAsync(0);

        var response = await UploadAsync(app.Robot(), "987654321", "settings.json", [1, 2, 3]);

        Assert.Equal("task_id", await ProblemFieldsAsync(response, HttpStatusCode.NotFound));
        Assert.Equal(before, await StateAsync(0));
    }

    [Fact]
    public async Task Upload_FileOverTheSizeLimit_413NamingFileAndNothingChanged()
    {
        var task = await AddTaskAsync();
        var before = await StateAsync(task);

        var response = await UploadAsync(app.Robot(), Id(task), "big.csv", new byte[(10 * MiB) + 1]);

        Assert.Equal("file", await ProblemFieldsAsync(response, HttpStatusCode.RequestEntityTooLarge));
        Assert.Equal(before, await StateAsync(task));
    }

    [Fact]
    public async Task Upload_NotMultipart_415Problem()
    {
        var task = await AddTaskAsync();

        var response = await app.Robot().PostAsJsonAsync(ConfigUploadEndpoint.Path, new { task_id = task }, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task BothApis_WithoutKeyOrSession_401()
    {
        var task = await AddTaskAsync();

        var upload = await UploadAsync(app.Browser(), Id(task), "settings.json", [1]);
        var get = await app.Browser().PostAsJsonAsync(ConfigGetEndpoint.Path, new { task_id = task }, Ct);

        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized), (upload.StatusCode, get.StatusCode));
        Assert.Null((await TaskAsync(task)).ConfigFileKey);
    }

    [Fact]
    public async Task Sessions_ViewerMayNeitherReadNorUpload_OperatorMayBoth()
    {
        var task = await AddTaskAsync();
        await app.AddUserAsync("viewer-config", "viewer-password-1", Roles.Viewer);
        await app.AddUserAsync("operator-config", "operator-password-1", Roles.Operator);
        var viewer = await app.SignedInAsync("viewer-config", "viewer-password-1");
        var operatorSession = await app.SignedInAsync("operator-config", "operator-password-1");

        var refused = await UploadAsync(viewer, Id(task), "settings.json", [1]);
        var readRefused = await viewer.PostAsJsonAsync(ConfigGetEndpoint.Path, new { task_id = task }, Ct);
        var accepted = await UploadAsync(operatorSession, Id(task), "settings.json", [1]);
        var read = await operatorSession.PostAsJsonAsync(ConfigGetEndpoint.Path, new { task_id = task }, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, readRefused.StatusCode);
        Assert.Equal("application/problem+json", readRefused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal("operator-config", (await app.QueryAsync(db => db.AuditEntries.AsNoTracking()
            .Where(e => e.Action == AuditActions.TaskConfigFileChanged && e.TargetId == Id(task)).SingleAsync(Ct))).Actor);
    }

    [Fact]
    public async Task Get_SecretValues_InFullForAnApiKey_MaskedForAnAdminSession()
    {
        var task = await AddTaskAsync(account: "tygj-secrets", config: """{"region":"华东","db_password":"p@ss-0001","accounts":[{"user":"a","密码":"x-0003"}]}""");

        var robot = await RobotConfigCalls.GetAsync(app.Robot(), task, Ct);
        var admin = await (await app.SignedInAsync()).PostAsJsonAsync(ConfigGetEndpoint.Path, new { task_id = task }, Ct);

        Assert.Equal("p@ss-0001", robot.GetProperty("config_json").GetProperty("db_password").GetString());
        Assert.Equal("x-0003", robot.GetProperty("config_json").GetProperty("accounts")[0].GetProperty("密码").GetString());
        Assert.Equal(HttpStatusCode.OK, admin.StatusCode);
        var shown = await admin.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("p@ss-0001", shown, StringComparison.Ordinal);
        Assert.DoesNotContain("x-0003", shown, StringComparison.Ordinal);
        var config = JsonDocument.Parse(shown).RootElement.GetProperty("config_json");
        Assert.Equal(("华东", "******", "******"), (config.GetProperty("region").GetString(), config.GetProperty("db_password").GetString(),
            config.GetProperty("accounts")[0].GetProperty("密码").GetString()));
    }

    [Fact]
    public async Task Link_Tampered_404WithoutTheFile()
    {
        var (_, url) = await UploadedLinkAsync();
        var tampered = url[..^3] + (url[^3] == 'A' ? "B" : "A") + url[^2..];

        var response = await app.Browser().GetAsync(tampered, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Link_Expired_410WithoutTheFile()
    {
        var task = await AddTaskAsync();
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(app.Robot(), Id(task), "settings.json", [1, 2])).StatusCode);
        // Made two hours ago by this Workbench's keys: its hour has passed on the host's real clock.
        var past = ActivatorUtilities.CreateInstance<ConfigFileLinks>(app.Services, new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-2)));
        var link = await past.CreateAsync((await TaskAsync(task)).ConfigFileKey!, new Uri("http://localhost/"), Ct);

        var response = await app.Browser().GetAsync(link!.Url, Ct);

        Assert.Equal(HttpStatusCode.Gone, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Link_AfterTheFileWasReplaced_404()
    {
        var (task, url) = await UploadedLinkAsync();
        Assert.Equal(HttpStatusCode.OK, (await UploadAsync(app.Robot(), Id(task), "new.json", [9])).StatusCode);

        var response = await app.Browser().GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private async Task<(long TaskId, string Url)> UploadedLinkAsync()
    {
        var task = await AddTaskAsync();
        var response = await UploadAsync(app.Robot(), Id(task), "settings.json", [1, 2, 3]);
        return (task, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("config_file").GetProperty("url").GetString()!);
    }

    private static Task<HttpResponseMessage> UploadAsync(HttpClient client, string? taskId, string? fileName, byte[] bytes) =>
        RobotConfigCalls.UploadAsync(client, taskId, fileName, bytes, Ct);

    private static async Task<string> ProblemFieldsAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return string.Join(',', problem.GetProperty("errors").EnumerateObject().Select(p => p.Name));
    }

    // What a refused call must leave alone: the task's file, the stored files and the audit trail.
    private async Task<(string? Key, int Files, int AuditEntries)> StateAsync(long taskId) =>
        ((await app.QueryAsync(db => db.Tasks.AsNoTracking().Where(t => t.Id == taskId).Select(t => t.ConfigFileKey).FirstOrDefaultAsync(Ct))),
            Directory.Exists(ObjectsFolder) ? Directory.GetFiles(ObjectsFolder, "*", SearchOption.AllDirectories).Length : 0,
            await app.QueryAsync(db => db.AuditEntries.CountAsync(Ct)));

    private Task<long> AddTaskAsync(string account = "tygj-api", string appName = "财务日报", string? config = null) =>
        RobotConfigCalls.AddTaskAsync(app.Services, account, appName, config);

    private Task<RobotTask> TaskAsync(long id) => app.QueryAsync(db => db.Tasks.AsNoTracking().SingleAsync(t => t.Id == id, Ct));

    private static string Id(long id) => RobotConfigCalls.Id(id);
}

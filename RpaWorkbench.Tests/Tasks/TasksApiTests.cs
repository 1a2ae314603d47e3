using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>
/// <c>/api/v1/tasks</c> over real HTTP on a real SQLite file, with a real robot agent on a loopback port: create, edit
/// (ETag / If-Match), delete, start, stop, force-stop and run again, as docs/api-rest-accounts-tasks.md describes them.
/// </summary>
public sealed class TasksApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>, IAsyncLifetime
{
    private static int _names;
    private RecordingRobotAgent _robot = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _robot = await RecordingRobotAgent.StartAsync();

    public async ValueTask DisposeAsync() => await _robot.DisposeAsync();

    [Fact]
    public async Task Create_ConfigAsJsonValue_Returns201WithLocationETagAndSecretsMasked()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var accountId = await AccountAsync(client);

        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/tasks", $$"""
            { "task_name": "日报", "account_id": {{accountId}}, "app_name": "云仓收藏",
              "config_json": { "day": "2026-01-27", "db_password": "s3cret" },
              "cron_expression": "0 9 * * 1-5", "run_timeout_seconds": 1800 }
            """);

        var task = await JsonAsync(response, HttpStatusCode.Created);
        var id = (long)task["id"]!;
        Assert.Equal($"/api/v1/tasks/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal($"\"{(string?)task["version"]}\"", ETagOf(response));
        Assert.Equal("pending", (string?)task["status"]);
        Assert.Equal("2026-01-27", (string?)task["config_json"]!["day"]);
        Assert.Equal("******", (string?)task["config_json"]!["db_password"]);
        Assert.Equal(1800, (int)task["run_timeout_seconds"]!);
        Assert.Equal("0 9 * * 1-5", (string?)task["cron_expression"]);
        Assert.EndsWith("Z", (string?)task["next_fire_at"]);
        Assert.False((bool)task["can_run_again"]!);
        Assert.Null(task["last_log_id"]);
        var stored = await app.QueryAsync(db => db.Tasks.Where(t => t.Id == id).Select(t => t.ConfigJson).SingleAsync(Ct));
        Assert.Contains("s3cret", stored);
    }

    [Fact]
    public async Task Create_ConfigAsJsonText_IsStoredAsTheSameJson()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var accountId = await AccountAsync(client);

        var task = await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
            $$"""{ "task_name": "text", "account_id": {{accountId}}, "app_name": "app", "config_json": "{\"retries\": 3}" }"""), HttpStatusCode.Created);

        Assert.Equal(3, (int)task["config_json"]!["retries"]!);
    }

    [Fact]
    public async Task Get_ViewerKey_SeesTheTaskWithoutItsConfig()
    {
        var operatorClient = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var (id, etag) = await TaskAsync(operatorClient, await AccountAsync(operatorClient), """{ "day": "2026-01-27" }""");

        var response = await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetAsync($"/api/v1/tasks/{id}", Ct);

        var task = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("nightly", (string?)task["task_name"]);
        Assert.Null(task["config_json"]);
        Assert.Equal(etag, ETagOf(response));
    }

    [Fact]
    public async Task List_SearchStatusSortAndPaging_AnswersThePageWithTheTotal()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var accountId = await AccountAsync(client);
        foreach (var name in new[] { "listed-b", "listed-c", "listed-a" })
        {
            await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
                $$"""{ "task_name": "{{name}}", "account_id": {{accountId}}, "app_name": "app" }"""), HttpStatusCode.Created);
        }

        var page = await GetJsonAsync(await app.KeyClientAsync(ApiKeyScopes.Viewer),
            "/api/v1/tasks?search=listed-&status=pending&sort=task_name&descending=true&page=2&page_size=2");

        Assert.Equal(3, (int)page["total"]!);
        Assert.Equal("listed-a", (string?)Assert.Single(page["items"]!.AsArray())!["task_name"]);
    }

    [Theory]
    [InlineData("status=sleeping", "status")]
    [InlineData("sort=colour", "sort")]
    [InlineData("page=0", "page")]
    public async Task List_BadQueryValue_Returns422NamingIt(string query, string field)
    {
        var fields = await ProblemFieldsAsync(await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetAsync("/api/v1/tasks?" + query, Ct),
            HttpStatusCode.UnprocessableEntity);

        Assert.Equal([field], fields);
    }

    [Fact]
    public async Task Update_IfMatchCurrent_Returns200WithANewETagAndKeepsMaskedSecrets_ThenTheOldTagIs412()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var accountId = await AccountAsync(client);
        var (id, first) = await TaskAsync(client, accountId, """{ "token": "t0ken" }""");

        var updated = await SendAsync(client, HttpMethod.Put, $"/api/v1/tasks/{id}",
            $$"""{ "task_name": "renamed", "account_id": {{accountId}}, "app_name": "云仓收藏", "config_json": { "token": "******" } }""", ifMatch: first);

        Assert.Equal("renamed", (string?)(await JsonAsync(updated, HttpStatusCode.OK))["task_name"]);
        Assert.NotEqual(first, ETagOf(updated));
        Assert.Contains("t0ken", await app.QueryAsync(db => db.Tasks.Where(t => t.Id == id).Select(t => t.ConfigJson).SingleAsync(Ct)));

        var stale = await SendAsync(client, HttpMethod.Put, $"/api/v1/tasks/{id}",
            $$"""{ "task_name": "lost edit", "account_id": {{accountId}}, "app_name": "云仓收藏" }""", ifMatch: first);

        await ProblemFieldsAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal("renamed", (string?)(await GetJsonAsync(client, $"/api/v1/tasks/{id}"))["task_name"]);
    }

    [Fact]
    public async Task Create_RefusedValues_Returns422NamingEachFieldAsSent()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
            """{ "task_name": " ", "account_id": 987654, "app_name": "app", "config_json": "{ not json", "run_timeout_seconds": 0 }""");

        Assert.Equal(["task_name", "account_id", "config_json", "run_timeout_seconds"],
            await ProblemFieldsAsync(response, HttpStatusCode.UnprocessableEntity));
    }

    [Theory]
    [InlineData("""{ "task_name": "typed", "account_id": "one", "app_name": "app" }""", "application/json", HttpStatusCode.BadRequest, "account_id")]
    [InlineData("""{ "task_name": "typed", "account_id": 1, "app_name": "app", "trigger_time": "tomorrow" }""", "application/json", HttpStatusCode.BadRequest, "trigger_time")]
    [InlineData("task_name=typed", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, null)]
    [InlineData("""{ "task_name": "typed" }""", "text/plain", HttpStatusCode.UnsupportedMediaType, null)]
    public async Task Create_BodyThatCannotBeRead_IsRefusedNamingTheField(string json, string contentType, HttpStatusCode expected, string? field)
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var fields = await ProblemFieldsAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/tasks", json, contentType: contentType), expected);

        Assert.Equal(field is null ? [] : [field], fields);
    }

    [Fact]
    public async Task StartStopForceStopAndRunAgain_ChangeTheTaskAndTellTheRobot()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var (id, _) = await TaskAsync(client, await AccountAsync(client), null);

        var started = await ActAsync(client, id, "start");
        Assert.Equal("running", (string?)started["status"]);
        Assert.Single(_robot.Requests);

        Assert.Equal("stopping", (string?)(await ActAsync(client, id, "stop"))["status"]);
        Assert.Equal(2, _robot.Requests.Count);

        var forced = await ActAsync(client, id, "force-stop");
        Assert.Equal("pending", (string?)forced["status"]);
        Assert.Equal("stopped", (string?)forced["last_outcome"]);
        Assert.True((bool)forced["can_run_again"]!);

        Assert.Equal("running", (string?)(await ActAsync(client, id, "run-again"))["status"]);
        Assert.Equal(RobotTaskStatus.Running, await app.QueryAsync(db => db.Tasks.Where(t => t.Id == id).Select(t => t.Status).SingleAsync(Ct)));
    }

    [Theory]
    [InlineData("stop")]
    [InlineData("force-stop")]
    [InlineData("run-again")]
    public async Task Action_TaskThatNeverRan_Returns409AndTellsTheRobotNothing(string action)
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var (id, _) = await TaskAsync(client, await AccountAsync(client), null);

        await ProblemFieldsAsync(await SendAsync(client, HttpMethod.Post, $"/api/v1/tasks/{id}/{action}"), HttpStatusCode.Conflict);

        Assert.Empty(_robot.Requests);
        Assert.Equal("pending", (string?)(await GetJsonAsync(client, $"/api/v1/tasks/{id}"))["status"]);
    }

    [Fact]
    public async Task Start_RobotRefuses_Returns409AndTheTaskIsPendingWithTheReason()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var (id, _) = await TaskAsync(client, await AccountAsync(client), null);
        _robot.Then(HttpStatusCode.BadRequest, """{ "message": "app not installed" }""");

        await ProblemFieldsAsync(await SendAsync(client, HttpMethod.Post, $"/api/v1/tasks/{id}/start"), HttpStatusCode.Conflict);

        var task = await GetJsonAsync(client, $"/api/v1/tasks/{id}");
        Assert.Equal("pending", (string?)task["status"]);
        Assert.NotNull((string?)task["error_message"]);
    }

    [Theory]
    [InlineData("start")]
    [InlineData("stop")]
    [InlineData("force-stop")]
    [InlineData("run-again")]
    public async Task Action_ViewerKey_Returns403AndTellsTheRobotNothing(string action)
    {
        var operatorClient = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var (id, _) = await TaskAsync(operatorClient, await AccountAsync(operatorClient), null);

        var response = await SendAsync(await app.KeyClientAsync(ApiKeyScopes.Viewer), HttpMethod.Post, $"/api/v1/tasks/{id}/{action}");

        await ProblemFieldsAsync(response, HttpStatusCode.Forbidden);
        Assert.Empty(_robot.Requests);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("DELETE", "")]
    [InlineData("POST", "/start")]
    [InlineData("POST", "/run-again")]
    public async Task AnyRoute_UnknownTask_Returns404Problem(string method, string suffix)
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        await ProblemFieldsAsync(await SendAsync(client, new HttpMethod(method), "/api/v1/tasks/987654" + suffix), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_RunningTaskIs409_PendingTaskIs204()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var (id, _) = await TaskAsync(client, await AccountAsync(client), null);
        await ActAsync(client, id, "start");

        await ProblemFieldsAsync(await client.DeleteAsync($"/api/v1/tasks/{id}", Ct), HttpStatusCode.Conflict);

        await ActAsync(client, id, "force-stop");
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/tasks/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/tasks/{id}", Ct)).StatusCode);
    }

    // An account of its own per test, whose robot is the recording agent (a robot runs one task at a time).
    private async Task<long> AccountAsync(HttpClient client)
    {
        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            $$"""{ "shadow_bot_account": "task-api-{{Interlocked.Increment(ref _names)}}", "host_ip": "127.0.0.1", "port": {{_robot.Port}} }""");
        return (long)(await JsonAsync(response, HttpStatusCode.Created))["id"]!;
    }

    private static async Task<(long Id, string ETag)> TaskAsync(HttpClient client, long accountId, string? configJson)
    {
        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
            $$"""{ "task_name": "nightly", "account_id": {{accountId}}, "app_name": "云仓收藏", "config_json": {{configJson ?? "null"}} }""");
        return ((long)(await JsonAsync(response, HttpStatusCode.Created))["id"]!, ETagOf(response));
    }

    private static async Task<JsonNode> ActAsync(HttpClient client, long id, string action) =>
        await JsonAsync(await SendAsync(client, HttpMethod.Post, $"/api/v1/tasks/{id}/{action}"), HttpStatusCode.OK);
}

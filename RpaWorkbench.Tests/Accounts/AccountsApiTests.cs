using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Accounts;

/// <summary>
/// <c>/api/v1/accounts</c> over real HTTP on a real SQLite file: the accounts page's list, create, edit and delete with
/// API keys, ETags and If-Match, and each refusal as the problem details docs/api-rest-accounts-tasks.md promises.
/// </summary>
public sealed class AccountsApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static int _names;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_SearchSortAndPaging_AnswersThePageWithTheTotal()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        foreach (var port in new[] { 8001, 8003, 8002 })
        {
            await CreateAsync(client, "list-robot", "10.0.7.1", port);
        }

        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);
        var page = await GetJsonAsync(viewer, "/api/v1/accounts?search=list-robot&status=pending&online=false&unregistered=false&sort=port&descending=true&page=2&page_size=1");

        Assert.Equal(3, (int)page["total"]!);
        Assert.Equal(2, (int)page["page"]!);
        Assert.Equal(1, (int)page["page_size"]!);
        var account = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal(8002, (int)account["port"]!);
        Assert.Equal("list-robot-10.0.7.1:8002", (string?)account["task_control"]);
        Assert.Equal(0, (int)account["task_count"]!);
        Assert.False((bool)account["is_online"]!);
        Assert.Null(account["last_heartbeat_at"]);
    }

    [Theory]
    [InlineData("status=sleeping", "status")]
    [InlineData("online=maybe", "online")]
    [InlineData("sort=colour", "sort")]
    [InlineData("descending=2", "descending")]
    [InlineData("page_size=501", "page_size")]
    public async Task List_BadQueryValue_Returns422NamingIt(string query, string field)
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var fields = await ProblemFieldsAsync(await client.GetAsync("/api/v1/accounts?" + query, Ct), HttpStatusCode.UnprocessableEntity);

        Assert.Equal([field], fields);
    }

    [Fact]
    public async Task Create_OperatorKey_Returns201WithLocationETagAndAuditsTheKey()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var name = UniqueName("created");

        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            $$"""{ "shadow_bot_account": "{{name}}", "host_ip": "10.0.0.01", "port": 8001 }""");

        var account = await JsonAsync(response, HttpStatusCode.Created);
        var id = (long)account["id"]!;
        Assert.Equal($"/api/v1/accounts/{id}", response.Headers.Location?.OriginalString);
        Assert.Equal("10.0.0.1", (string?)account["host_ip"]);
        Assert.Equal("pending", (string?)account["status"]);
        Assert.Equal($"{name}-10.0.0.1:8001", (string?)account["task_control"]);
        Assert.False((bool)account["unregistered"]!);
        Assert.EndsWith("Z", (string?)account["created_at"]);
        Assert.Equal($"\"{(int)account["version"]!}\"", ETagOf(response));
        var actor = await app.QueryAsync(db => db.AuditEntries
            .Where(e => e.Action == AuditActions.AccountCreated && e.TargetId == id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Select(e => e.Actor).SingleAsync(Ct));
        Assert.Equal("apikey:operator key (admin)", actor);
    }

    [Fact]
    public async Task Get_KnownAccount_AnswersItWithItsETag()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var (id, etag) = await CreateAsync(client, UniqueName("get"), "robot-7.lan", 9000);

        var response = await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetAsync($"/api/v1/accounts/{id}", Ct);

        var account = await JsonAsync(response, HttpStatusCode.OK);
        Assert.Equal("robot-7.lan", (string?)account["host_ip"]);
        Assert.Equal(9000, (int)account["port"]!);
        Assert.Equal(etag, ETagOf(response));
    }

    [Fact]
    public async Task Get_AccountWithAShadowBotStatus_AnswersIt()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var (id, _) = await CreateAsync(client, UniqueName("sb"), "robot-8.lan", 9000);
        await app.QueryAsync(db => db.Accounts.Where(a => a.Id == id).ExecuteUpdateAsync(set => set.SetProperty(a => a.ShadowBotStatus, "allocated"), Ct));

        var account = await JsonAsync(await client.GetAsync($"/api/v1/accounts/{id}", Ct), HttpStatusCode.OK);

        Assert.Equal("allocated", (string?)account["shadow_bot_status"]);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task AnyMethod_UnknownId_Returns404Problem(string method)
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await SendAsync(client, new HttpMethod(method), "/api/v1/accounts/987654",
            method == "PUT" ? """{ "shadow_bot_account": "nobody", "host_ip": "10.0.0.1", "port": 1 }""" : null);

        await ProblemFieldsAsync(response, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_IfMatchCurrent_Returns200WithANewETag_ThenTheOldTagIs412AndChangesNothing()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var name = UniqueName("edited");
        var (id, first) = await CreateAsync(client, name, "10.0.0.2", 8001);

        var updated = await SendAsync(client, HttpMethod.Put, $"/api/v1/accounts/{id}",
            $$"""{ "shadow_bot_account": "{{name}}", "host_ip": "10.0.0.2", "port": 8002 }""", ifMatch: first);
        Assert.Equal(8002, (int)(await JsonAsync(updated, HttpStatusCode.OK))["port"]!);
        Assert.NotEqual(first, ETagOf(updated));

        var stale = await SendAsync(client, HttpMethod.Put, $"/api/v1/accounts/{id}",
            $$"""{ "shadow_bot_account": "{{name}}", "host_ip": "10.0.0.2", "port": 8003 }""", ifMatch: first);

        await ProblemFieldsAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal(8002, (int)(await GetJsonAsync(client, $"/api/v1/accounts/{id}"))["port"]!);
    }

    [Fact]
    public async Task Update_WithoutIfMatch_LastWriteWins()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var name = UniqueName("blind");
        var (id, _) = await CreateAsync(client, name, "10.0.0.3", 8001);

        var response = await SendAsync(client, HttpMethod.Put, $"/api/v1/accounts/{id}",
            $$"""{ "shadow_bot_account": "{{name}}", "host_ip": "10.0.0.3", "port": 8009 }""");

        Assert.Equal(8009, (int)(await JsonAsync(response, HttpStatusCode.OK))["port"]!);
    }

    [Theory]
    [InlineData("not a tag", HttpStatusCode.UnprocessableEntity)]
    [InlineData("\"abc\"", HttpStatusCode.PreconditionFailed)]
    public async Task Update_IfMatchNoVersion_IsRefused(string ifMatch, HttpStatusCode expected)
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var name = UniqueName("tagged");
        var (id, _) = await CreateAsync(client, name, "10.0.0.4", 8001);

        var response = await SendAsync(client, HttpMethod.Put, $"/api/v1/accounts/{id}",
            $$"""{ "shadow_bot_account": "{{name}}", "host_ip": "10.0.0.4", "port": 8002 }""", ifMatch: ifMatch);

        var fields = await ProblemFieldsAsync(response, expected);
        Assert.Equal(expected == HttpStatusCode.UnprocessableEntity ? ["If-Match"] : [], fields);
    }

    [Fact]
    public async Task Create_RefusedValues_Returns422NamingEachFieldAndStoresNothing()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var before = await app.QueryAsync(db => db.Accounts.CountAsync(Ct));

        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            """{ "shadow_bot_account": "", "host_ip": "10.0.0.5", "port": 70000 }""");

        Assert.Equal(["shadow_bot_account", "port"], await ProblemFieldsAsync(response, HttpStatusCode.UnprocessableEntity));
        Assert.Equal(before, await app.QueryAsync(db => db.Accounts.CountAsync(Ct)));
    }

    [Fact]
    public async Task Create_EmptyObject_Returns422NamingEveryRequiredField()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/accounts", "{}");

        Assert.Equal(["shadow_bot_account", "host_ip", "port"], await ProblemFieldsAsync(response, HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task Create_Duplicate_Returns422NamingTheAccount()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var name = UniqueName("twice");
        await CreateAsync(client, name, "10.0.0.6", 8001);

        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            $$"""{ "shadow_bot_account": "{{name}}", "host_ip": "10.0.0.6", "port": 8001 }""");

        Assert.Equal(["shadow_bot_account"], await ProblemFieldsAsync(response, HttpStatusCode.UnprocessableEntity));
    }

    [Theory]
    [InlineData("""{ "shadow_bot_account": "typed", "host_ip": "10.0.0.7", "port": "eighty" }""", "application/json", HttpStatusCode.BadRequest, "port")]
    [InlineData("""{ "shadow_bot_account": "typed", "host_ip": "10.0.0.7", "port": 80.5 }""", "application/json", HttpStatusCode.BadRequest, "port")]
    [InlineData("""{ "shadow_bot_account": "typed", """, "application/json", HttpStatusCode.BadRequest, "body")]
    [InlineData("""[1, 2]""", "application/json", HttpStatusCode.BadRequest, "body")]
    [InlineData("""{ "shadow_bot_account": "typed", "host_ip": "10.0.0.7", "port": 8001 }""", "text/plain", HttpStatusCode.UnsupportedMediaType, null)]
    public async Task Create_BodyThatCannotBeRead_IsRefusedNamingTheField(string json, string contentType, HttpStatusCode expected, string? field)
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var fields = await ProblemFieldsAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/accounts", json, contentType: contentType), expected);

        Assert.Equal(field is null ? [] : [field], fields);
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Write_ViewerKey_Returns403AndChangesNothing(string method)
    {
        var (id, _) = await CreateAsync(await app.KeyClientAsync(ApiKeyScopes.Operator), UniqueName("guarded"), "10.0.0.8", 8001);
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var response = await SendAsync(viewer, new HttpMethod(method), method == "POST" ? "/api/v1/accounts" : $"/api/v1/accounts/{id}",
            method == "DELETE" ? null : """{ "shadow_bot_account": "viewer-made", "host_ip": "10.0.0.8", "port": 8002 }""");

        await ProblemFieldsAsync(response, HttpStatusCode.Forbidden);
        Assert.Equal(8001, (int)(await GetJsonAsync(viewer, $"/api/v1/accounts/{id}"))["port"]!);
    }

    [Fact]
    public async Task Delete_AccountWithATask_Is409UntilDeleteTasksIsChosen()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var (id, _) = await CreateAsync(client, UniqueName("owner"), "10.0.0.9", 8001);
        await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
            $$"""{ "task_name": "nightly", "account_id": {{id}}, "app_name": "云仓收藏" }"""), HttpStatusCode.Created);

        await ProblemFieldsAsync(await client.DeleteAsync($"/api/v1/accounts/{id}", Ct), HttpStatusCode.Conflict);
        Assert.Equal(1, (int)(await GetJsonAsync(client, $"/api/v1/accounts/{id}"))["task_count"]!);

        var deleted = await client.DeleteAsync($"/api/v1/accounts/{id}?delete_tasks=true", Ct);

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/accounts/{id}", Ct)).StatusCode);
        Assert.Equal(0, await app.QueryAsync(db => db.Tasks.CountAsync(t => t.AccountId == id, Ct)));
    }

    [Fact]
    public async Task Delete_BadDeleteTasksValue_Returns422NamingIt()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var (id, _) = await CreateAsync(client, UniqueName("kept"), "10.0.0.10", 8001);

        var fields = await ProblemFieldsAsync(await client.DeleteAsync($"/api/v1/accounts/{id}?delete_tasks=yes", Ct), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["delete_tasks"], fields);
    }

    private static string UniqueName(string prefix) => $"{prefix}-{Interlocked.Increment(ref _names)}";

    private static async Task<(long Id, string ETag)> CreateAsync(HttpClient client, string name, string host, int port)
    {
        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            $$"""{ "shadow_bot_account": "{{name}}", "host_ip": "{{host}}", "port": {{port}} }""");
        return ((long)(await JsonAsync(response, HttpStatusCode.Created))["id"]!, ETagOf(response));
    }
}

using System.Net;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Groups;

/// <summary>
/// <c>/api/v1/groups</c> over real HTTP on a real SQLite file: create, read, rename, re-member and delete with API keys,
/// ETags and If-Match, and each refusal as docs/api-rest-groups.md promises.
/// </summary>
public sealed class GroupsApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static int _names;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RoundTrip_CreateGetRenameSetMembersDelete()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var (a, b) = (await AccountAsync(client), await AccountAsync(client));
        var name = Unique("华东组");

        var created = await SendAsync(client, HttpMethod.Post, "/api/v1/groups",
            $$"""{ "name": "{{name}}", "description": "仓库机器人", "account_ids": [{{a}}] }""");
        var group = await JsonAsync(created, HttpStatusCode.Created);
        var id = (long)group["id"]!;
        Assert.Equal($"/api/v1/groups/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal("\"0\"", ETagOf(created));
        Assert.Equal((1, 0), ((int)group["member_count"]!, (int)group["online_count"]!));
        Assert.Equal(a, (long)group["members"]![0]!["account_id"]!);

        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);
        var read = await viewer.GetAsync($"/api/v1/groups/{id}", Ct);
        Assert.Equal("仓库机器人", (string?)(await JsonAsync(read, HttpStatusCode.OK))["description"]);
        Assert.Equal("\"0\"", ETagOf(read));
        var page = await GetJsonAsync(viewer, $"/api/v1/groups?search={Uri.EscapeDataString(name)}&page=1&page_size=5");
        Assert.Equal((1, 1, 5), ((int)page["total"]!, (int)page["page"]!, (int)page["page_size"]!));

        var renamed = await SendAsync(client, HttpMethod.Put, $"/api/v1/groups/{id}", $$"""{ "name": "{{name}}-改" }""", ifMatch: "\"0\"");
        Assert.Equal(name + "-改", (string?)(await JsonAsync(renamed, HttpStatusCode.OK))["name"]);
        Assert.Equal("\"1\"", ETagOf(renamed));

        var members = await SendAsync(client, HttpMethod.Put, $"/api/v1/groups/{id}/members", $$"""{ "account_ids": [{{b}}, {{a}}] }""");
        var withMembers = await JsonAsync(members, HttpStatusCode.OK);
        Assert.Equal(2, (int)withMembers["member_count"]!);
        Assert.Null(withMembers["description"]);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(client, HttpMethod.Delete, $"/api/v1/groups/{id}")).StatusCode);
        await ProblemFieldsAsync(await viewer.GetAsync($"/api/v1/groups/{id}", Ct), HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Update_StaleIfMatch_Returns412AndChangesNothing()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var name = Unique("stale");
        var id = (long)(await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/groups", $$"""{ "name": "{{name}}" }"""), HttpStatusCode.Created))["id"]!;
        await JsonAsync(await SendAsync(client, HttpMethod.Put, $"/api/v1/groups/{id}", $$"""{ "name": "{{name}}-1" }""", ifMatch: "\"0\""), HttpStatusCode.OK);

        var stale = await SendAsync(client, HttpMethod.Put, $"/api/v1/groups/{id}", $$"""{ "name": "{{name}}-2" }""", ifMatch: "\"0\"");
        var staleMembers = await SendAsync(client, HttpMethod.Put, $"/api/v1/groups/{id}/members", """{ "account_ids": [] }""", ifMatch: "\"0\"");

        await ProblemFieldsAsync(stale, HttpStatusCode.PreconditionFailed);
        await ProblemFieldsAsync(staleMembers, HttpStatusCode.PreconditionFailed);
        Assert.Equal(name + "-1", (string?)(await GetJsonAsync(client, $"/api/v1/groups/{id}"))["name"]);
    }

    [Theory]
    [InlineData("GET", "")]
    [InlineData("PUT", "")]
    [InlineData("PUT", "/members")]
    [InlineData("DELETE", "")]
    public async Task AnyMethod_UnknownId_Returns404Problem(string method, string suffix)
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var response = await SendAsync(client, new HttpMethod(method), $"/api/v1/groups/987654{suffix}",
            method == "PUT" ? """{ "name": "nobody", "account_ids": [] }""" : null);

        await ProblemFieldsAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{ "description": "no name" }""", "name")]
    [InlineData("""{ "name": "x", "account_ids": [987654] }""", "account_ids")]
    public async Task Create_RefusedValue_Returns422NamingTheField(string body, string field)
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        var fields = await ProblemFieldsAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/groups", body), HttpStatusCode.UnprocessableEntity);

        Assert.Equal([field], fields);
    }

    [Fact]
    public async Task Create_TakenNameOrMembersWithoutIds_Returns422NamingTheField()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var body = $$"""{ "name": "{{Unique("taken")}}" }""";
        var id = (long)(await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/groups", body), HttpStatusCode.Created))["id"]!;

        Assert.Equal(["name"], await ProblemFieldsAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/groups", body), HttpStatusCode.UnprocessableEntity));
        Assert.Equal(["account_ids"], await ProblemFieldsAsync(
            await SendAsync(client, HttpMethod.Put, $"/api/v1/groups/{id}/members", "{}"), HttpStatusCode.UnprocessableEntity));
    }

    [Fact]
    public async Task ViewerKey_CannotWrite()
    {
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);

        var response = await SendAsync(viewer, HttpMethod.Post, "/api/v1/groups", """{ "name": "viewer's" }""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private static async Task<long> AccountAsync(HttpClient client)
    {
        var response = await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            $$"""{ "shadow_bot_account": "{{Unique("grp")}}", "host_ip": "10.0.8.1", "port": 8001 }""");
        return (long)(await JsonAsync(response, HttpStatusCode.Created))["id"]!;
    }

    private static string Unique(string prefix) => $"{prefix}{Interlocked.Increment(ref _names)}";
}

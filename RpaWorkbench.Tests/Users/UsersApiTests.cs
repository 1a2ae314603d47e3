using System.Net;
using System.Text.Json.Nodes;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users;

/// <summary><c>GET /api/v1/users</c> over real HTTP: admins list users paged and searched; others are refused.</summary>
public sealed class UsersApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task List_AdminKey_PagesWithTotalAndSnakeCaseFields()
    {
        await app.AddUserAsync("api-list-a", "list pass phrase one", Roles.Viewer);
        await app.AddUserAsync("api-list-b", "list pass phrase two", Roles.Operator);
        var client = await app.KeyClientAsync(ApiKeyScopes.Admin);

        var page = await JsonAsync(client, "/api/v1/users?search=api-list-&page=2&page_size=1");

        Assert.Equal(2, (int)page["total"]!);
        Assert.Equal(2, (int)page["page"]!);
        Assert.Equal(1, (int)page["page_size"]!);
        var user = Assert.Single(page["items"]!.AsArray())!;
        Assert.Equal("api-list-b", (string?)user["user_name"]);
        Assert.Equal("operator", ((string?)user["role"])!.ToLowerInvariant());
        Assert.False((bool)user["is_disabled"]!);
        Assert.Null(user["password_hash"]);
    }

    [Theory]
    [InlineData(ApiKeyScopes.Robot)]
    [InlineData(ApiKeyScopes.Viewer)]
    [InlineData(ApiKeyScopes.Operator)]
    public async Task List_KeyBelowAdmin_Returns403Problem(string scope)
    {
        var response = await (await app.KeyClientAsync(scope)).GetAsync("/api/v1/users", Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task List_NoKey_Returns401()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/users", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData("page=0", "page")]
    [InlineData("page=x", "page")]
    [InlineData("page_size=501", "page_size")]
    [InlineData("page_size=-1", "page_size")]
    public async Task List_BadPaging_Returns422NamingTheField(string query, string field)
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Admin);

        var response = await client.GetAsync("/api/v1/users?" + query, Ct);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        Assert.NotNull(problem["errors"]![field]);
        Assert.NotNull(problem["requestId"]);
    }

    private static async Task<JsonNode> JsonAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.ApiKeys;

/// <summary>
/// <c>/api/v1/api-keys</c> over real HTTP: an admin key creates a key (secret shown once), lists keys without secrets,
/// revokes one (its calls then get 401); bad bodies name the field; every other scope is refused.
/// </summary>
public sealed class ApiKeysApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private const string Path = "/api/v1/api-keys";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateListRevoke_AdminKey_SecretOnceThenRevokedKeyGets401()
    {
        var admin = await app.KeyClientAsync(ApiKeyScopes.Admin);

        var response = await admin.PostAsJsonAsync(Path,
            new { name = "nightly report", scope = "viewer", expires_at = "2030-01-01T08:00:00+08:00", owner = "admin" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!;
        var secret = (string)created["secret"]!;
        var id = (long)created["key"]!["id"]!;
        Assert.Equal(("nightly report", "viewer", "admin", "2030-01-01T00:00:00Z"),
            ((string?)created["key"]!["name"], (string?)created["key"]!["scope"], (string?)created["key"]!["owner"], (string?)created["key"]!["expires_at"]));
        using var script = app.CreateClient();
        script.DefaultRequestHeaders.Add("X-Api-Key", secret);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/v1/logs", Ct)).StatusCode);

        var listed = await admin.GetStringAsync($"{Path}?page_size=500", Ct);
        var row = JsonNode.Parse(listed)!["items"]!.AsArray().Single(k => (long)k!["id"]! == id)!;
        Assert.Equal(secret[..((string)row["prefix"]!).Length], (string?)row["prefix"]);
        Assert.DoesNotContain(secret, listed, StringComparison.Ordinal);
        Assert.DoesNotContain("hash", listed, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret", listed, StringComparison.OrdinalIgnoreCase);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"{Path}/{id}", Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/v1/logs", Ct)).StatusCode);
        var revoked = JsonNode.Parse(await admin.GetStringAsync($"{Path}?page_size=500", Ct))!["items"]!.AsArray().Single(k => (long)k!["id"]! == id)!;
        Assert.NotNull((string?)revoked["revoked_at"]);
    }

    [Fact]
    public async Task Create_NoOwnerNoScope_ARobotKeyOwnedByTheCallingKeysOwner()
    {
        var response = await (await app.KeyClientAsync(ApiKeyScopes.Admin)).PostAsJsonAsync(Path, new { name = "robot on line 3" }, Ct);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var key = JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["key"]!;
        Assert.Equal(("robot", "admin"), ((string?)key["scope"], (string?)key["owner"]));
        Assert.Null(key["expires_at"]);
    }

    [Fact]
    public async Task Revoke_UnknownKey_Returns404()
    {
        var response = await (await app.KeyClientAsync(ApiKeyScopes.Admin)).DeleteAsync($"{Path}/987654321", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"scope":"viewer"}""", "name")]
    [InlineData("""{"name":"k","scope":"owner"}""", "scope")]
    [InlineData("""{"name":"k","scope":"viewer","expires_at":"2001-01-01T00:00:00Z"}""", "expires_at")]
    [InlineData("""{"name":"k","scope":"admin","owner":"api-keys-operator"}""", "scope")]
    public async Task Create_RefusedValue_Returns422NamingTheField(string body, string field)
    {
        await EnsureOperatorAsync();

        var response = await PostRawAsync(body, "application/json");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["errors"]![field]);
    }

    [Fact]
    public async Task Create_ExpiryNotATime_Returns400NamingIt()
    {
        var response = await PostRawAsync("""{"name":"k","expires_at":"soon"}""", "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotNull(JsonNode.Parse(await response.Content.ReadAsStringAsync(Ct))!["errors"]!["expires_at"]);
    }

    [Fact]
    public async Task Create_NotJson_Returns415()
    {
        var response = await PostRawAsync("name=k", "application/x-www-form-urlencoded");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData(ApiKeyScopes.Robot)]
    [InlineData(ApiKeyScopes.Viewer)]
    [InlineData(ApiKeyScopes.Operator)]
    public async Task EveryRoute_KeyBelowAdmin_Returns403(string scope)
    {
        var client = await app.KeyClientAsync(scope);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync(Path, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.PostAsJsonAsync(Path, new { name = "mine", scope = "robot" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.DeleteAsync($"{Path}/1", Ct)).StatusCode);
    }

    private async Task<HttpResponseMessage> PostRawAsync(string body, string contentType)
    {
        var admin = await app.KeyClientAsync(ApiKeyScopes.Admin);
        return await admin.PostAsync(Path, new StringContent(body, Encoding.UTF8, contentType), Ct);
    }

    private async Task EnsureOperatorAsync()
    {
        var existing = JsonNode.Parse(await (await app.KeyClientAsync(ApiKeyScopes.Admin)).GetStringAsync("/api/v1/users?search=api-keys-operator", Ct))!;
        if ((int)existing["total"]! == 0)
        {
            await app.AddUserAsync("api-keys-operator", "operator pass phrase", Roles.Operator);
        }
    }
}

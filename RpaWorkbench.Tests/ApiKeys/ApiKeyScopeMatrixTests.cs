using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Storage;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.ApiKeys;

/// <summary>
/// Every route a key can reach today × every scope, over real HTTP on a real SQLite file: a robot key opens the
/// robot-facing routes only, the others act as their role, capped by their owner's; expired keys and keys of disabled
/// owners are refused (401). Expected statuses are docs/api-keys.md's table.
/// </summary>
public sealed class ApiKeyScopeMatrixTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private const string Password = "key owner pass phrase";
    private static int _owners;

    // One task whose config file the config routes read; made on first need, with the configuration's robot key.
    private (long TaskId, string FileKey)? _configured;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, int> Matrix => new()
    {
        { ApiKeyScopes.Robot, "webhook", 200 }, { ApiKeyScopes.Viewer, "webhook", 403 }, { ApiKeyScopes.Operator, "webhook", 403 }, { ApiKeyScopes.Admin, "webhook", 403 },
        { ApiKeyScopes.Robot, "config-get", 200 }, { ApiKeyScopes.Viewer, "config-get", 403 }, { ApiKeyScopes.Operator, "config-get", 200 }, { ApiKeyScopes.Admin, "config-get", 200 },
        { ApiKeyScopes.Robot, "config-upload", 200 }, { ApiKeyScopes.Viewer, "config-upload", 403 }, { ApiKeyScopes.Operator, "config-upload", 200 }, { ApiKeyScopes.Admin, "config-upload", 200 },
        { ApiKeyScopes.Robot, "config-file", 200 }, { ApiKeyScopes.Viewer, "config-file", 403 }, { ApiKeyScopes.Operator, "config-file", 200 }, { ApiKeyScopes.Admin, "config-file", 200 },
        { ApiKeyScopes.Robot, "logs-export", 403 }, { ApiKeyScopes.Viewer, "logs-export", 200 }, { ApiKeyScopes.Operator, "logs-export", 200 }, { ApiKeyScopes.Admin, "logs-export", 200 },
        { ApiKeyScopes.Robot, "audit-export", 403 }, { ApiKeyScopes.Viewer, "audit-export", 403 }, { ApiKeyScopes.Operator, "audit-export", 403 }, { ApiKeyScopes.Admin, "audit-export", 200 },
        // The proxy is asked for a URL that is no URL: 400 shows the key got past authorization.
        { ApiKeyScopes.Robot, "proxy", 403 }, { ApiKeyScopes.Viewer, "proxy", 400 }, { ApiKeyScopes.Operator, "proxy", 400 }, { ApiKeyScopes.Admin, "proxy", 400 },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task Route_KeyOfScope_OwnerAnAdmin_AnswersAsTheScopeAllows(string scope, string route, int expected)
    {
        var (client, _, _) = await KeyAsync(scope, Roles.Admin);

        Assert.Equal(expected, await CallAsync(client, route));
    }

    public static TheoryData<string, string, int> AdminKeyOfDemotedOwner => new()
    {
        { Roles.Operator, "webhook", 403 }, { Roles.Operator, "config-get", 200 }, { Roles.Operator, "config-upload", 200 }, { Roles.Operator, "config-file", 200 },
        { Roles.Operator, "logs-export", 200 }, { Roles.Operator, "audit-export", 403 }, { Roles.Operator, "proxy", 400 },
        { Roles.Viewer, "webhook", 403 }, { Roles.Viewer, "config-get", 403 }, { Roles.Viewer, "config-upload", 403 }, { Roles.Viewer, "config-file", 403 },
        { Roles.Viewer, "logs-export", 200 }, { Roles.Viewer, "audit-export", 403 }, { Roles.Viewer, "proxy", 400 },
    };

    [Theory]
    [MemberData(nameof(AdminKeyOfDemotedOwner))]
    public async Task Route_AdminKey_OwnerDemotedAfterUse_ActsWithTheOwnersNewRole(string ownerRole, string route, int expected)
    {
        var (client, _, ownerId) = await KeyAsync(ApiKeyScopes.Admin, Roles.Admin);
        Assert.Equal(200, await CallAsync(client, "audit-export"));

        await using (var scope = app.Services.CreateAsyncScope())
        {
            await WorkbenchAppFactory.AsAdmin<UserService>(scope).ChangeRoleAsync(ownerId, ownerRole, Ct);
        }

        Assert.Equal(expected, await CallAsync(client, route));
    }

    [Theory]
    [InlineData(ApiKeyScopes.Robot, "webhook")]
    [InlineData(ApiKeyScopes.Robot, "config-get")]
    [InlineData(ApiKeyScopes.Viewer, "logs-export")]
    [InlineData(ApiKeyScopes.Admin, "audit-export")]
    public async Task Route_OwnerDisabledAfterUse_Returns401(string scope, string route)
    {
        var (client, _, ownerId) = await KeyAsync(scope, Roles.Admin);
        Assert.NotEqual(401, await CallAsync(client, route));

        await using (var services = app.Services.CreateAsyncScope())
        {
            await WorkbenchAppFactory.AsAdmin<UserService>(services).SetDisabledAsync(ownerId, true, Ct);
        }

        Assert.Equal(401, await CallAsync(client, route));
    }

    [Fact]
    public async Task Webhook_KeyPastItsExpiry_Returns401Problem()
    {
        var (client, keyId, _) = await KeyAsync(ApiKeyScopes.Robot, Roles.Admin, expiresAt: DateTime.UtcNow.AddDays(1));
        // The key's day has come: its expiry is moved into the past before its first use.
        await app.QueryAsync(db => db.ApiKeys.Where(k => k.Id == keyId)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.ExpiresAt, DateTime.UtcNow.AddSeconds(-1)), Ct));

        var response = await client.PostAsJsonAsync("/api/v1/webhook/heartbeat", new { shadow_bot_account = WebhookPayloads.NewAccount() }, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task ConfigUpload_OperatorKey_AuditEntryNamesTheKeyAndItsOwner()
    {
        var (client, _, ownerId) = await KeyAsync(ApiKeyScopes.Operator, Roles.Operator, name: "nightly upload");
        var owner = await app.QueryAsync(db => db.Users.Where(u => u.Id == ownerId).Select(u => u.UserName).SingleAsync(Ct));
        var taskId = await RobotConfigCalls.AddTaskAsync(app.Services, WebhookPayloads.NewAccount(), "审计", null);

        Assert.Equal(HttpStatusCode.OK, (await RobotConfigCalls.UploadAsync(client, RobotConfigCalls.Id(taskId), "a.json", "{}"u8.ToArray(), Ct)).StatusCode);

        var actor = await app.QueryAsync(db => db.AuditEntries.Where(e => e.Action == AuditActions.TaskConfigFileChanged && e.TargetId == RobotConfigCalls.Id(taskId))
            .Select(e => e.Actor).SingleAsync(Ct));
        Assert.Equal($"apikey:nightly upload ({owner})", actor);
    }

    private async Task<int> CallAsync(HttpClient client, string route)
    {
        var response = route switch
        {
            "webhook" => await client.PostAsJsonAsync("/api/v1/webhook/heartbeat", new { shadow_bot_account = WebhookPayloads.NewAccount() }, Ct),
            "config-get" => await client.PostAsJsonAsync("/api/v1/resources/config/get", new { task_id = (await ConfiguredTaskAsync()).TaskId }, Ct),
            "config-upload" => await RobotConfigCalls.UploadAsync(client, RobotConfigCalls.Id((await ConfiguredTaskAsync()).TaskId), "b.json", "{}"u8.ToArray(), Ct),
            "config-file" => await client.GetAsync("/api/v1/resources/objects/" + (await ConfiguredTaskAsync()).FileKey, Ct),
            "logs-export" => await client.GetAsync("/api/v1/logs/export", Ct),
            "audit-export" => await client.GetAsync("/api/v1/audit/export", Ct),
            "proxy" => await client.GetAsync("/api/v1/resources/proxy?url=not-a-url", Ct),
            _ => throw new ArgumentOutOfRangeException(nameof(route), route, null),
        };
        return (int)response.StatusCode;
    }

    private async Task<(long TaskId, string FileKey)> ConfiguredTaskAsync()
    {
        if (_configured is { } known)
        {
            return known;
        }

        var taskId = await RobotConfigCalls.AddTaskAsync(app.Services, WebhookPayloads.NewAccount(), "矩阵", null);
        Assert.Equal(HttpStatusCode.OK, (await RobotConfigCalls.UploadAsync(app.Robot(), RobotConfigCalls.Id(taskId), "a.json", "{}"u8.ToArray(), Ct)).StatusCode);
        var fileKey = await app.QueryAsync(db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.ConfigFileKey!).SingleAsync(Ct));
        _configured = (taskId, fileKey);
        return _configured.Value;
    }

    private async Task<(HttpClient Client, long KeyId, string OwnerId)> KeyAsync(
        string scope, string ownerRole, DateTime? expiresAt = null, string name = "matrix key")
    {
        var owner = $"key-owner-{Interlocked.Increment(ref _owners)}";
        await app.AddUserAsync(owner, Password, ownerRole);
        await using var services = app.Services.CreateAsyncScope();
        var created = await WorkbenchAppFactory.AsAdmin<ApiKeyService>(services).CreateAsync(new NewApiKey(name, scope, expiresAt, owner), Ct);
        var ownerId = await app.QueryAsync(db => db.Users.Where(u => u.UserName == owner).Select(u => u.Id).SingleAsync(Ct));
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", created.Secret);
        return (client, created.Key.Id, ownerId);
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Diagnostics;

/// <summary>Liveness and readiness for load balancers and container health checks (docs/operations.md "Health checks").</summary>
public sealed class HealthEndpointTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private static readonly TimeSpan RecoversWithin = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Live_Anonymous_Returns200WithoutAskingDependencies()
    {
        var response = await app.CreateClient().GetAsync("/healthz/live", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        Assert.Empty(body.GetProperty("checks").EnumerateObject());
    }

    [Fact]
    public async Task Ready_Anonymous_MigratedDatabase_Returns200NamingEachCheck()
    {
        var response = await app.CreateClient().GetAsync("/healthz/ready", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var checks = await ChecksAsync(response);
        Assert.Equal(["database", "migrations"], checks.Keys.Order());
        Assert.All(checks.Values, status => Assert.Equal("Healthy", status));
    }

    [Fact]
    public async Task Ready_DatabaseFileMovedAway_Returns503ThenRecoversWhenItIsBack()
    {
        await using var own = new WorkbenchAppFactory();
        var client = own.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready", Ct)).StatusCode);
        var away = Directory.CreateDirectory(Path.Combine(own.DataDirectory, "away")).FullName;
        MoveDatabaseFiles(own.DataDirectory, away);

        var gone = await client.GetAsync("/healthz/ready", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, gone.StatusCode);
        var checks = await ChecksAsync(gone);
        Assert.Equal("Unhealthy", checks["database"]);
        Assert.Equal("Unhealthy", checks["migrations"]);

        // The checks opened (and so created) an empty file in its place: remove it before the real one comes back.
        foreach (var file in Directory.GetFiles(own.DataDirectory, "workbench.db*"))
        {
            File.Delete(file);
        }

        MoveDatabaseFiles(away, own.DataDirectory);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready", Ct)).StatusCode);
    }

    [Fact]
    public async Task Ready_MigrationNotApplied_Returns503NamingMigrations_WhileHealthzStays200()
    {
        await using var own = new WorkbenchAppFactory();
        var client = own.CreateClient();
        await using (var scope = own.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
            await db.Database.ExecuteSqlRawAsync(
                "DELETE FROM __EFMigrationsHistory WHERE MigrationId = (SELECT MAX(MigrationId) FROM __EFMigrationsHistory)", Ct);
        }

        var response = await client.GetAsync("/healthz/ready", Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("Unhealthy", body.GetProperty("status").GetString());
        var migrations = body.GetProperty("checks").GetProperty("migrations");
        Assert.Equal("Unhealthy", migrations.GetProperty("status").GetString());
        Assert.Equal("1 migration(s) not applied", migrations.GetProperty("description").GetString());
        Assert.Equal("Healthy", body.GetProperty("checks").GetProperty("database").GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", Ct)).StatusCode);
    }

    [Fact]
    public async Task Ready_RedisStopped_Returns503ThenRecoversWhenRedisIsBack_WithoutShowingThePassword()
    {
        const string password = "redis-password-never-in-health-7";
        await using var redis = await RedisServer.StartAsync(password);
        await using var own = WorkbenchAppFactory.With(new Dictionary<string, string> { ["ConnectionStrings:Redis"] = redis.ConnectionString });
        var client = own.CreateClient();
        var up = await client.GetAsync("/healthz/ready", Ct);
        Assert.Equal(HttpStatusCode.OK, up.StatusCode);
        Assert.Equal("Healthy", (await ChecksAsync(up))["redis"]);

        await redis.StopAsync();

        var down = await client.GetAsync("/healthz/ready", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        var text = await down.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain(password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(redis.Port.ToString(CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        var redisCheck = JsonDocument.Parse(text).RootElement.GetProperty("checks").GetProperty("redis");
        Assert.Equal("Unhealthy", redisCheck.GetProperty("status").GetString());
        Assert.Equal("RedisConnectionException", redisCheck.GetProperty("description").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", Ct)).StatusCode);

        await redis.RestartAsync();
        Assert.Equal(HttpStatusCode.OK, await ReadyOnceReconnectedAsync(client));
    }

    // The client reconnects on its own heartbeat; the answer is polled until it turns, never waited for blindly.
    private static async Task<HttpStatusCode> ReadyOnceReconnectedAsync(HttpClient client)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var status = (await client.GetAsync("/healthz/ready", Ct)).StatusCode;
            if (status == HttpStatusCode.OK || waited.Elapsed > RecoversWithin)
            {
                return status;
            }

            await Task.Delay(100, Ct);
        }
    }

    private static async Task<Dictionary<string, string>> ChecksAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        return body.GetProperty("checks").EnumerateObject().ToDictionary(c => c.Name, c => c.Value.GetProperty("status").GetString()!);
    }

    private static void MoveDatabaseFiles(string from, string to)
    {
        foreach (var file in Directory.GetFiles(from, "workbench.db*"))
        {
            File.Move(file, Path.Combine(to, Path.GetFileName(file)));
        }
    }
}

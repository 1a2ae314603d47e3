using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>A 200 means committed: callbacks acknowledged just before the process is killed (-9) are all there.</summary>
public sealed class DurabilityTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AcknowledgedCallbacks_SurviveKillMinus9()
    {
        using var folder = new TempDirectory();
        var database = Path.Combine(folder.Path, "workbench.db");
        await using var server = await WorkbenchProcess.StartAsync(database, [$"--Workbench:Bootstrap:WebhookApiKey={WebhookAppFactory.Key}"], Ct);
        using var robot = new HttpClient { BaseAddress = server.BaseAddress };
        robot.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);

        var posts = Enumerable.Range(0, 200).Select(i => robot.PostAsJsonAsync("/api/v1/webhook/execution-complete",
            WebhookPayloads.SeedCompletion($"durable{i % 7}").With("execution_id", $"run-{i}"), Ct));
        var responses = await Task.WhenAll(posts);
        await server.KillAsync();

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var acknowledged = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64()));
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM ExecutionLogs WHERE Id IN (SELECT value FROM json_each(@ids))";
        count.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(acknowledged));
        Assert.Equal(200L, (long)(await count.ExecuteScalarAsync(Ct))!);
    }
}

using System.Diagnostics;
using System.Net.Http.Json;
using System.Net;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using RpaWorkbench.Shared;
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
        var port = LocalMachine.FreeLoopbackPort();
        using var server = StartWorkbench(database, port);
        using var robot = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        robot.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
        await WaitUntilHealthyAsync(robot);

        var posts = Enumerable.Range(0, 200).Select(i => robot.PostAsJsonAsync("/api/v1/webhook/execution-complete",
            WebhookPayloads.SeedCompletion($"durable{i % 7}").With("execution_id", $"run-{i}"), Ct));
        var responses = await Task.WhenAll(posts);
        server.Kill(entireProcessTree: true);
        await server.WaitForExitAsync(Ct);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var acknowledged = await Task.WhenAll(responses.Select(async r => (await r.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetInt64()));
        await using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        await connection.OpenAsync(Ct);
        await using var count = connection.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM ExecutionLogs WHERE Id IN (SELECT value FROM json_each(@ids))";
        count.Parameters.AddWithValue("@ids", JsonSerializer.Serialize(acknowledged));
        Assert.Equal(200L, (long)(await count.ExecuteScalarAsync(Ct))!);
    }

    private static Process StartWorkbench(string database, int port)
    {
        var web = Path.Combine(AppContext.BaseDirectory, "RpaWorkbench.Web.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                web, "--urls", $"http://127.0.0.1:{port}",
                $"--ConnectionStrings:Workbench=Data Source={database}",
                $"--Workbench:Bootstrap:WebhookApiKey={WebhookAppFactory.Key}",
                "--Logging:LogLevel:Default=Warning",
            },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    // A cold start (a fresh process JIT-compiling the whole host) takes 20 s and more on a busy 2-core machine.
    private async Task WaitUntilHealthyAsync(HttpClient client)
    {
        for (var attempt = 0; attempt < 600; attempt++)
        {
            try
            {
                if ((await client.GetAsync("/healthz", Ct)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(200, Ct);
        }

        throw new TimeoutException("The Workbench process did not become healthy within 120 s.");
    }
}

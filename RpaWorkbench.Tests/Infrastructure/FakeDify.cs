using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on 127.0.0.1 that speaks Dify's documented workflow API: <c>POST /v1/workflows/run</c> in blocking
/// mode with a Bearer app key, answering <c>{workflow_run_id, task_id, data: {status, outputs, error, …}}</c>, or Dify's
/// error shape <c>{code, message, status}</c>. What a run answers is decided by <see cref="Respond"/> (default: succeeded
/// with the inputs echoed as outputs); every request is recorded.
/// </summary>
public sealed class FakeDify : IAsyncDisposable
{
    public const string AppKey = "app-fake-7d1e9c";

    private readonly WebApplication _app;
    private int _runs;

    private FakeDify(WebApplication app) => _app = app;

    /// <summary>The API base, ending in <c>/v1</c>.</summary>
    public string BaseUrl { get; private set; } = null!;

    /// <summary>Every request: path, Authorization header and JSON body.</summary>
    public ConcurrentQueue<(string Path, string? Authorization, JsonObject? Body)> Requests { get; } = new();

    /// <summary>Decides a run's answer from its inputs: the HTTP status and the body (Dify's answer or error).</summary>
    public Func<JsonObject, (int Status, JsonObject Body)> Respond { get; set; } = inputs => Succeeded(inputs.DeepClone().AsObject());

    /// <summary>How long each run takes before it answers.</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<FakeDify> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeDify(app);
        app.MapPost("/v1/workflows/run", (Delegate)fake.RunAsync);
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/v1";
        return fake;
    }

    public static (int, JsonObject) Succeeded(JsonObject outputs) => (200, Answer("succeeded", outputs, error: null));

    public static (int, JsonObject) Failed(string error) => (200, Answer("failed", new JsonObject(), error));

    public static (int, JsonObject) Error(int status, string code, string message) =>
        (status, new JsonObject { ["code"] = code, ["message"] = message, ["status"] = status });

    private static JsonObject Answer(string status, JsonObject outputs, string? error) => new()
    {
        ["workflow_run_id"] = Guid.NewGuid().ToString(),
        ["task_id"] = Guid.NewGuid().ToString(),
        ["data"] = new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["workflow_id"] = "wf-fake",
            ["status"] = status,
            ["outputs"] = outputs,
            ["error"] = error,
            ["elapsed_time"] = 0.42,
            ["total_tokens"] = 0,
            ["total_steps"] = 3,
            ["created_at"] = 1_765_000_000,
            ["finished_at"] = 1_765_000_001,
        },
    };

    private async Task<IResult> RunAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject;
        var authorization = context.Request.Headers.Authorization.ToString();
        Requests.Enqueue((context.Request.Path, authorization, body));
        Interlocked.Increment(ref _runs);
        if (authorization != "Bearer " + AppKey)
        {
            var (status, error) = Error(401, "unauthorized", "Access token is invalid");
            return Results.Json(error, statusCode: status);
        }

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        var (code, answer) = Respond(body?["inputs"] as JsonObject ?? []);
        return Results.Json(answer, statusCode: code);
    }

    /// <summary>How many runs were asked for.</summary>
    public int Runs => Volatile.Read(ref _runs);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}

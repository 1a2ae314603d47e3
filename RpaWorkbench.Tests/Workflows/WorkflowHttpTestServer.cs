using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>
/// A real HTTP server on 127.0.0.1 (or another loopback address) for HTTP steps to call: it records every request it
/// receives (method, path and query, headers, body) and answers by path — an echo of the query, an order created, any
/// status, plain text, a body of a given size, a redirect, an answer that never comes, and one that comes from the
/// second request on.
/// </summary>
public sealed class WorkflowHttpTestServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly TaskCompletionSource _slowReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _slowOnceCalls;

    private WorkflowHttpTestServer(WebApplication app) => _app = app;

    public int Port { get; private set; }

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>Completes when a request to <c>/slow</c> (or the first to <c>/slow-once</c>) has arrived and waits for an answer that never comes.</summary>
    public Task SlowReceived => _slowReceived.Task;

    /// <param name="address">The loopback address to listen on; 127.0.0.1 when not given.</param>
    public static async Task<WorkflowHttpTestServer> StartAsync(IPAddress? address = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address ?? IPAddress.Loopback, 0));
        var app = builder.Build();
        var server = new WorkflowHttpTestServer(app);
        app.Use(server.RecordAsync);
        app.MapGet("/orders/search", (HttpRequest request) => Results.Json(new { query = request.QueryString.Value }));
        app.MapPost("/orders", () => Results.Json(new { id = 42, state = "accepted" }, statusCode: StatusCodes.Status201Created));
        app.MapGet("/status/{code:int}", (int code) => Results.Json(new { ok = code < 400, code }, statusCode: code));
        app.MapGet("/text", () => Results.Text("plain words, not JSON", "text/plain"));
        app.MapGet("/sized/{bytes:int}", (int bytes) => Results.Text(new string('x', bytes), "text/plain"));
        app.MapGet("/chunked/{bytes:int}", (Delegate)ChunkedAsync);
        app.MapGet("/moved", () => Results.Redirect("http://elsewhere.example.test/orders"));
        app.MapGet("/slow", (Delegate)server.NeverAnswerAsync);
        app.MapGet("/slow-once", (Delegate)server.AnswerFromTheSecondAsync);
        await app.StartAsync();
        server.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return server;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private async Task RecordAsync(HttpContext context, RequestDelegate next)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
        Requests.Enqueue(new ReceivedRequest(context.Request.Method, context.Request.Path + context.Request.QueryString, headers, body));
        await next(context);
    }

    // No Content-Length: the size is only known by reading, so the cap must hold while streaming.
    private static async Task ChunkedAsync(HttpContext context, int bytes)
    {
        context.Response.ContentType = "text/plain";
        var half = bytes / 2;
        await context.Response.WriteAsync(new string('x', half), context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
        await context.Response.WriteAsync(new string('x', bytes - half), context.RequestAborted);
    }

    // The first request is held until its client goes away (a Workbench killed mid-request); later ones are answered.
    private Task AnswerFromTheSecondAsync(HttpContext context) =>
        Interlocked.Increment(ref _slowOnceCalls) == 1 ? NeverAnswerAsync(context) : Results.Json(new { answered = true }).ExecuteAsync(context);

    private async Task NeverAnswerAsync(HttpContext context)
    {
        _slowReceived.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, which is what the test waits for.
        }
    }
}

public sealed record ReceivedRequest(string Method, string PathAndQuery, IReadOnlyDictionary<string, string> Headers, string Body);

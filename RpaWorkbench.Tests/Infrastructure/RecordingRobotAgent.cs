using System.Collections.Concurrent;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// A real HTTP robot agent on a loopback port that records every request and answers from a script
/// (200 unless the test queued other answers).
/// </summary>
public sealed class RecordingRobotAgent : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();

    private RecordingRobotAgent(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public Uri BaseAddress { get; private set; } = null!;

    public int Port => BaseAddress.Port;

    public static async Task<RecordingRobotAgent> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var agent = new RecordingRobotAgent(app);
        app.MapPost("/{**path}", agent.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        agent.BaseAddress = new Uri(address.TrimEnd('/') + "/");
        return agent;
    }

    /// <summary>The next request is answered with this status and body.</summary>
    public void Then(HttpStatusCode status, string? body = null) => _script.Enqueue(async context =>
    {
        context.Response.StatusCode = (int)status;
        if (body is not null)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        }
    });

    /// <summary>The next request gets no answer until the client gives up on it.</summary>
    public void ThenNoAnswer() => _script.Enqueue(async context =>
    {
        try
        {
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client gave up, as the test wants.
        }
    });

    /// <summary>The next request gets no answer until the test calls the returned release (then 200).</summary>
    public Action ThenHold()
    {
        var released = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _script.Enqueue(async context => await released.Task.WaitAsync(context.RequestAborted));
        return () => released.TrySetResult();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Requests.Enqueue(new RecordedRequest(context.Request.Path, context.Request.Headers["Idempotency-Key"].ToString(), body));
        if (_script.TryDequeue(out var answer))
        {
            await answer(context);
        }
    }
}

public sealed record RecordedRequest(string Path, string IdempotencyKey, string Body);

using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// A real HTTP server on a loopback port standing in for object storage (OSS): each path answers as the test said
/// (404 otherwise), and every request is recorded with its headers.
/// </summary>
public sealed class LocalResourceServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, Func<HttpContext, Task>> _answers = new(StringComparer.Ordinal);

    private LocalResourceServer(WebApplication app) => _app = app;

    public ConcurrentQueue<ServedRequest> Requests { get; } = new();

    public int Port { get; private set; }

    public static async Task<LocalResourceServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var server = new LocalResourceServer(app);
        app.Run(server.HandleAsync);
        await app.StartAsync();
        server.Port = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First()).Port;
        return server;
    }

    /// <summary>The URL of <paramref name="path"/> on this server under a host name the test network maps to it.</summary>
    public string Url(string host, string path) => $"http://{host}:{Port}{path}";

    /// <summary><paramref name="path"/> answers with these bytes and content type (and a Content-Length unless <paramref name="chunked"/>).</summary>
    public void Serve(string path, byte[] body, string? contentType, bool chunked = false) => Answer(path, async context =>
    {
        if (contentType is not null)
        {
            context.Response.ContentType = contentType;
        }

        if (!chunked)
        {
            context.Response.ContentLength = body.Length;
        }

        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    });

    /// <summary><paramref name="path"/> answers as <paramref name="answer"/> says.</summary>
    public void Answer(string path, Func<HttpContext, Task> answer) => _answers[path] = answer;

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        Requests.Enqueue(new ServedRequest(context.Request.Host.Host, context.Request.Path, context.Request.QueryString.Value ?? "",
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase)));
        if (_answers.TryGetValue(context.Request.Path.Value ?? "", out var answer))
        {
            await answer(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status404NotFound;
    }
}

public sealed record ServedRequest(string Host, string Path, string Query, IReadOnlyDictionary<string, string> Headers);

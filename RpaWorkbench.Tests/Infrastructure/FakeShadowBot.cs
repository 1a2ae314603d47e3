using System.Collections.Concurrent;
using System.Text.Json;
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
/// A real HTTP server on 127.0.0.1 that speaks the documented ShadowBot (影刀) OpenAPI: tokens with an expiry on the given
/// clock, Bearer checks, the {code, success, msg, requestId, data} envelope, job dispatch to robot clients
/// (<see cref="Dispatch"/>), the job callbacks it posts back (<see cref="Callbacks"/>), injected failures, and a record of
/// every request it received.
/// </summary>
public sealed partial class FakeShadowBot : IAsyncDisposable
{
    public const string AccessKeyId = "ak-fake-2f4c";
    public const string AccessKeySecret = "sk-fake-secret-93ab71";

    private readonly WebApplication _app;
    private readonly TimeProvider _clock;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<InjectedFailure> _failures = new();
    private readonly ConcurrentDictionary<string, int> _lostAnswers = new(StringComparer.Ordinal);
    private readonly Lock _tokenLock = new();
    private int _tokenCount;

    private FakeShadowBot(WebApplication app, TimeProvider clock)
    {
        _app = app;
        _clock = clock;
        Dispatch = new FakeShadowBotDispatch(clock) { JobEnded = Callbacks.Send };
    }

    /// <summary>Every request, in arrival order, with its body as text (multipart bodies included).</summary>
    public ConcurrentQueue<FakeShadowBotRequest> Requests { get; } = new();

    /// <summary>The jobs and robot clients behind job/* and client/*.</summary>
    public FakeShadowBotDispatch Dispatch { get; }

    /// <summary>The job callbacks ShadowBot posts when jobs end (robot zone Asia/Shanghai, as the Workbench's default).</summary>
    public FakeShadowBotCallbacks Callbacks { get; } = new(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai"));

    /// <summary>The envelope code of a successful answer: 200 as most docs show, or 0 as the client/list example does.</summary>
    public int SuccessCode { get; set; } = 200;

    /// <summary>The <c>expiresIn</c> a new token gets (ShadowBot's documented maximum is 2 h; its example says 7199).</summary>
    public int TokenLifetimeSeconds { get; set; } = 7199;

    /// <summary>When true, refusals come as HTTP 200 with the code only in the envelope; otherwise the HTTP status is the code too.</summary>
    public bool ErrorsInEnvelopeOnly { get; set; }

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FakeShadowBot> StartAsync(TimeProvider clock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new FakeShadowBot(app, clock);
        app.Run(fake.HandleAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return fake;
    }

    /// <summary>The next <paramref name="times"/> calls to <paramref name="endpoint"/> (e.g. <c>dispatch/v2/job/start</c>) are refused with <paramref name="code"/>.</summary>
    public void Fail(string endpoint, int code, string msg, int times = 1, int? retryAfterSeconds = null)
    {
        for (var i = 0; i < times; i++)
        {
            _failures.Enqueue(new InjectedFailure("/oapi/" + endpoint, code, msg, retryAfterSeconds));
        }
    }

    /// <summary>The next call to <paramref name="endpoint"/> is carried out, but its answer is lost: the connection is dropped.</summary>
    public void LoseAnswer(string endpoint) => _lostAnswers.AddOrUpdate("/oapi/" + endpoint, 1, (_, n) => n + 1);

    /// <summary>ShadowBot forgets every token it issued (as after a key rotation): the next Bearer call gets 401.</summary>
    public void RevokeTokens() => _tokens.Clear();

    public int TokensIssued => Volatile.Read(ref _tokenCount);

    /// <summary>Requests to one endpoint, e.g. <c>dispatch/v2/job/start</c>.</summary>
    public IReadOnlyList<FakeShadowBotRequest> RequestsTo(string endpoint) =>
        Requests.Where(r => r.Path == "/oapi/" + endpoint).ToList();

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        Callbacks.Dispose();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, context.RequestAborted);
        var bytes = buffer.ToArray();
        var body = System.Text.Encoding.UTF8.GetString(bytes);
        Requests.Enqueue(new FakeShadowBotRequest(request.Method, request.Path.Value ?? "", request.QueryString.Value ?? "",
            request.Headers.Authorization.ToString(), request.ContentType, body, DateTimeOffset.UtcNow));

        if (TakeFailure(request.Path.Value) is { } failure)
        {
            if (failure.RetryAfterSeconds is { } seconds)
            {
                context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            await RefuseAsync(context, failure.Code, failure.Msg);
            return;
        }

        if (request.Path == "/oapi/token/v2/token/create")
        {
            await IssueTokenAsync(context);
            return;
        }

        if (!Authorized(request.Headers.Authorization.ToString()))
        {
            await RefuseAsync(context, 401, "unauthorized: token invalid or expired");
            return;
        }

        var answer = request.Path.Value switch
        {
            "/oapi/dispatch/v2/file/upload" => await UploadAsync(request, bytes),
            _ when request.Path.StartsWithSegments("/oapi/dispatch/v2") => Dispatch.Handle(request.Path.Value![17..], Parse(body)),
            _ => new FakeAnswer(404, "no such endpoint", null),
        };
        if (TakeLostAnswer(request.Path.Value))
        {
            context.Abort();
            return;
        }

        await AnswerAsync(context, answer);
    }

    private async Task IssueTokenAsync(HttpContext context)
    {
        var query = context.Request.Query;
        if (query["accessKeyId"] != AccessKeyId || query["accessKeySecret"] != AccessKeySecret)
        {
            await RefuseAsync(context, 400, "accessKeyId or accessKeySecret is wrong");
            return;
        }

        string token;
        int expiresIn;
        lock (_tokenLock)
        {
            // ShadowBot hands out the same token again while it is still valid.
            var now = _clock.GetUtcNow();
            var valid = _tokens.Where(t => t.Value > now).OrderByDescending(t => t.Value).FirstOrDefault();
            if (valid.Key is null)
            {
                valid = new(Guid.NewGuid().ToString(), now.AddSeconds(TokenLifetimeSeconds));
                _tokens[valid.Key] = valid.Value;
                _tokenCount++;
            }

            token = valid.Key;
            expiresIn = (int)(valid.Value - now).TotalSeconds;
        }

        await AnswerAsync(context, FakeAnswer.Ok(new JsonObject { ["accessToken"] = token, ["expiresIn"] = expiresIn }));
    }

    private bool Authorized(string authorization) =>
        authorization.StartsWith("Bearer ", StringComparison.Ordinal)
        && _tokens.TryGetValue(authorization["Bearer ".Length..], out var expires)
        && _clock.GetUtcNow() < expires;

    private async Task<FakeAnswer> UploadAsync(HttpRequest request, byte[] body)
    {
        request.Body = new MemoryStream(body);
        var form = await request.ReadFormAsync();
        if (form.Files.GetFile("file") is not { } file)
        {
            return new FakeAnswer(400, "multipart field file is required", null);
        }

        using var content = new MemoryStream();
        await file.CopyToAsync(content);
        var fileKey = Dispatch.StoreFile(file.FileName, content.ToArray());
        return FakeAnswer.Ok(new JsonObject { ["fileKey"] = fileKey });
    }

    private InjectedFailure? TakeFailure(string? path)
    {
        lock (_failures)
        {
            if (_failures.TryPeek(out var next) && next.Path == path && _failures.TryDequeue(out var failure))
            {
                return failure;
            }

            return null;
        }
    }

    private bool TakeLostAnswer(string? path)
    {
        while (path is not null && _lostAnswers.TryGetValue(path, out var left) && left > 0)
        {
            if (_lostAnswers.TryUpdate(path, left - 1, left))
            {
                return true;
            }
        }

        return false;
    }

    private Task RefuseAsync(HttpContext context, int code, string msg) => AnswerAsync(context, new FakeAnswer(code, msg, null));

    private async Task AnswerAsync(HttpContext context, FakeAnswer answer)
    {
        var success = answer.Code == 200;
        var envelope = new JsonObject
        {
            ["code"] = success ? SuccessCode : answer.Code,
            ["success"] = success,
            ["msg"] = answer.Msg,
            ["requestId"] = Guid.NewGuid().ToString("N"),
            ["data"] = answer.Data,
        };
        if (answer.Page is not null)
        {
            envelope["page"] = answer.Page;
        }

        context.Response.StatusCode = success || ErrorsInEnvelopeOnly ? 200 : answer.Code;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(envelope.ToJsonString());
    }

    private static JsonObject Parse(string body) =>
        body.Length == 0 ? [] : JsonNode.Parse(body) as JsonObject ?? throw new JsonException("The body is not a JSON object.");

    private sealed record InjectedFailure(string Path, int Code, string Msg, int? RetryAfterSeconds);
}

/// <summary>One request the fake received; <see cref="ReceivedAt"/> is wall-clock time, for spacing checks.</summary>
public sealed record FakeShadowBotRequest(string Method, string Path, string Query, string Authorization, string? ContentType, string Body,
    DateTimeOffset ReceivedAt);

/// <summary>What a fake endpoint answers: 200 with data (and a page block for lists), or a refusal code and message.</summary>
public sealed record FakeAnswer(int Code, string Msg, JsonNode? Data, JsonObject? Page = null)
{
    public static FakeAnswer Ok(JsonNode? data, JsonObject? page = null) => new(200, "success", data, page);
}

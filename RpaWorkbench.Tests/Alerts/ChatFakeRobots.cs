using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// A real HTTP server on 127.0.0.1 playing a DingTalk custom robot, a WeCom group robot and a Feishu custom bot as their
/// documentation describes them: the token / key / hook id, the signatures (DingTalk: HMAC-SHA256 keyed by the secret
/// over <c>timestamp\nsecret</c>, in the query; Feishu: keyed by <c>timestamp\nsecret</c> over nothing, in the body), a
/// timestamp within one hour of the server's clock, WeCom's 4,096-byte markdown limit and each service's rate limit,
/// answering with the services' success and error bodies. Every request is recorded; <see cref="Override"/> replaces
/// the next answers (an outage, a 429).
/// </summary>
public sealed class ChatFakeRobots : IAsyncDisposable
{
    public const string DingTalkToken = "dt-token-5f1c0a";
    public const string DingTalkSecret = "SEC0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcd";
    public const string WeComKey = "693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa";
    public const string FeishuHookId = "2f0e8a8c-6c1f-4c55-9d7e-6a1c0b7e1f00";
    public const string FeishuSecret = "fEiShUsEcReT0123456789";

    private readonly WebApplication _app;
    private readonly TimeProvider _serverClock;
    private readonly ConcurrentDictionary<string, List<DateTimeOffset>> _accepted = new();

    private ChatFakeRobots(WebApplication app, TimeProvider serverClock) => (_app, _serverClock) = (app, serverClock);

    public string BaseUrl { get; private set; } = null!;

    /// <summary>Every request: path, query string (as sent) and JSON body.</summary>
    public ConcurrentQueue<(string Path, string Query, JsonObject Body)> Requests { get; } = new();

    /// <summary>When set, answers every request instead of the service's rules.</summary>
    public Func<HttpContext, JsonObject, IResult>? Override { get; set; }

    /// <summary>Whether the DingTalk robot / Feishu bot was set up with 加签 (then a request must be signed).</summary>
    public bool SigningRequired { get; set; } = true;

    /// <summary>Whether Feishu answers in its legacy shape <c>{"StatusCode":0,…}</c> instead of <c>{"code":0,…}</c>.</summary>
    public bool FeishuLegacyAnswer { get; set; }

    public Uri DingTalkUrl(string token = DingTalkToken) => new($"{BaseUrl}/robot/send?access_token={token}");

    public Uri WeComUrl(string key = WeComKey) => new($"{BaseUrl}/cgi-bin/webhook/send?key={key}");

    public Uri FeishuUrl(string hookId = FeishuHookId) => new($"{BaseUrl}/open-apis/bot/v2/hook/{hookId}");

    /// <summary>Starts the fake; <paramref name="serverClock"/> is the services' clock timestamps are checked against.</summary>
    public static async Task<ChatFakeRobots> StartAsync(TimeProvider serverClock)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var fake = new ChatFakeRobots(app, serverClock);
        app.MapPost("/robot/send", (Delegate)((HttpContext context) => fake.AnswerAsync(context, fake.DingTalk)));
        app.MapPost("/cgi-bin/webhook/send", (Delegate)((HttpContext context) => fake.AnswerAsync(context, fake.WeCom)));
        app.MapPost("/open-apis/bot/v2/hook/{id}", (Delegate)((HttpContext context) => fake.AnswerAsync(context, fake.Feishu)));
        await app.StartAsync();
        fake.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return fake;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private async Task<IResult> AnswerAsync(HttpContext context, Func<HttpContext, JsonObject, IResult> service)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        Requests.Enqueue((context.Request.Path, context.Request.QueryString.Value ?? "", body));
        return Override?.Invoke(context, body) ?? service(context, body);
    }

    private IResult DingTalk(HttpContext context, JsonObject body)
    {
        var query = context.Request.Query;
        if (query["access_token"] != DingTalkToken)
        {
            return Errcode(300001, "token is not exist");
        }

        if (SigningRequired)
        {
            if (!long.TryParse(query["timestamp"], out var timestamp) || !WithinAnHour(DateTimeOffset.FromUnixTimeMilliseconds(timestamp)))
            {
                return Errcode(310000, "sign not match, more: [invalid timestamp]");
            }

            var expected = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(DingTalkSecret),
                Encoding.UTF8.GetBytes($"{timestamp}\n{DingTalkSecret}")));
            if (query["sign"] != expected)
            {
                return Errcode(310000, "sign not match, more: [https://open.dingtalk.com/document/robots/customize-robot-security-settings]");
            }
        }

        if (body["msgtype"]?.GetValue<string>() is not ("text" or "markdown" or "link" or "actionCard" or "feedCard"))
        {
            return Errcode(300005, "param error: msgtype");
        }

        return Admit("dingtalk", 20, TimeSpan.FromMinutes(1))
            ? Errcode(0, "ok")
            : Errcode(130101, "send too fast, exceed 20 times per minute");
    }

    private IResult WeCom(HttpContext context, JsonObject body)
    {
        if (context.Request.Query["key"] != WeComKey)
        {
            return Errcode(93000, "invalid webhook url, hint: [1765094400_0_a1b2c3], from ip: 127.0.0.1");
        }

        var content = body["markdown"]?["content"]?.GetValue<string>() ?? "";
        if (Encoding.UTF8.GetByteCount(content) > 4096)
        {
            return Errcode(40058, "markdown.content exceed max length 4096");
        }

        return Admit("wecom", 20, TimeSpan.FromMinutes(1))
            ? Errcode(0, "ok")
            : Errcode(45009, "api freq out of limit, hint: [1765094400_0_d4e5f6]");
    }

    private IResult Feishu(HttpContext context, JsonObject body)
    {
        if ((string?)context.Request.RouteValues["id"] != FeishuHookId)
        {
            return FeishuCode(19001, "param invalid: incoming webhook access token invalid");
        }

        // The documented 20 KB limit on the body; the code is this fake's own (Feishu's is not documented).
        if (context.Request.ContentLength > 20 * 1024)
        {
            return FeishuCode(9499, "Bad Request: request body exceeds 20 KB");
        }

        if (SigningRequired)
        {
            var timestamp = body["timestamp"]?.GetValue<string>();
            var expected = timestamp is null ? null : Convert.ToBase64String(HMACSHA256.HashData(
                Encoding.UTF8.GetBytes($"{timestamp}\n{FeishuSecret}"), Array.Empty<byte>()));
            if (!long.TryParse(timestamp, out var seconds) || !WithinAnHour(DateTimeOffset.FromUnixTimeSeconds(seconds))
                || body["sign"]?.GetValue<string>() != expected)
            {
                return FeishuCode(19021, "sign match fail or timestamp is not within one hour from current time");
            }
        }

        if (!Admit("feishu-second", 5, TimeSpan.FromSeconds(1)) || !Admit("feishu-minute", 100, TimeSpan.FromMinutes(1)))
        {
            return FeishuCode(11232, "frequency limited psm[lark.oapi.app_platform_runtime]appID[1]");
        }

        return FeishuLegacyAnswer
            ? Results.Json(new JsonObject { ["Extra"] = null, ["StatusCode"] = 0, ["StatusMessage"] = "success" })
            : FeishuCode(0, "success");
    }

    private bool WithinAnHour(DateTimeOffset timestamp) => (_serverClock.GetUtcNow() - timestamp).Duration() <= TimeSpan.FromHours(1);

    // A request within the robot's limit is counted; one over it is refused and not counted.
    private bool Admit(string robot, int count, TimeSpan window)
    {
        var now = _serverClock.GetUtcNow();
        var accepted = _accepted.GetOrAdd(robot, _ => []);
        lock (accepted)
        {
            if (accepted.Count(at => now - at < window) >= count)
            {
                return false;
            }

            accepted.Add(now);
            return true;
        }
    }

    private static IResult Errcode(int code, string message) => Results.Json(new JsonObject { ["errcode"] = code, ["errmsg"] = message });

    private static IResult FeishuCode(int code, string message) =>
        Results.Json(new JsonObject { ["code"] = code, ["data"] = new JsonObject(), ["msg"] = message });
}

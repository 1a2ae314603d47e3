using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>Every kind of bad callback gets a clear 4xx naming the field, and nothing is written.</summary>
public abstract class WebhookBadInputTests(WebhookAppFactory app)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string, string, int, string?> Cases => new()
    {
        // case name, body edit ("-field" removes, "field=<json>" sets, "raw:<text>" replaces the body), status, named field
        { "account missing", "-shadow_bot_account", 400, "shadow_bot_account" },
        { "account empty", "shadow_bot_account=\"\"", 400, "shadow_bot_account" },
        { "account blank", "shadow_bot_account=\"   \"", 400, "shadow_bot_account" },
        { "account a number", "shadow_bot_account=123", 400, "shadow_bot_account" },
        { "account too long", $"shadow_bot_account=\"{new string('a', 65)}\"", 400, "shadow_bot_account" },
        { "app missing", "-app_name", 400, "app_name" },
        { "app an array", "app_name=[\"x\"]", 400, "app_name" },
        { "status missing", "-status", 400, "status" },
        { "status unknown", "status=\"done\"", 400, "status" },
        { "status a number", "status=1", 400, "status" },
        { "start missing", "-start_time", 400, "start_time" },
        { "start month 13", "start_time=\"2026-13-01 10:00:00\"", 400, "start_time" },
        { "start words", "start_time=\"yesterday\"", 400, "start_time" },
        { "start epoch number", "start_time=1769479200", 400, "start_time" },
        { "start before 2000", "start_time=\"1990-01-01 10:00:00\"", 400, "start_time" },
        { "end before start", "end_time=\"2026-01-27 09:00:00\"", 400, "end_time" },
        { "end hour 25", "end_time=\"2026-01-27 25:00:00\"", 400, "end_time" },
        { "duration negative", "duration_seconds=-1", 400, "duration_seconds" },
        { "duration text", "duration_seconds=\"abc\"", 400, "duration_seconds" },
        { "duration inconsistent", "duration_seconds=100", 400, "duration_seconds" },
        { "total negative", "result_summary={\"total_items\":-1}", 400, "result_summary.total_items" },
        { "counts exceed total", "result_summary={\"total_items\":5,\"success_items\":4,\"failed_items\":2}", 400, "result_summary.total_items" },
        { "summary not an object", "result_summary=\"x\"", 400, "result_summary" },
        { "success fractional", "result_summary={\"total_items\":5,\"success_items\":1.5}", 400, "result_summary.success_items" },
        { "log_info not a bool", "log_info=\"maybe\"", 400, "log_info" },
        { "screenshot a number", "screenshot=3", 400, "screenshot" },
        { "screenshot url relative", "screenshot_url=\"not a url\"", 400, "screenshot_url" },
        { "log url ftp", "log_url=\"ftp://bucket/log.txt\"", 400, "log_url" },
        { "outputs an array", "outputs=[{\"name\":\"x\"}]", 400, "outputs" },
        { "outputs blank name", "outputs={\" \":\"x\"}", 400, "outputs" },
        { "outputs over 64 KiB", $"outputs={{\"big\":\"{new string('x', 70_000)}\"}}", 400, "outputs" },
        { "task id text", "task_id=\"abc\"", 400, "task_id" },
        { "task id zero", "task_id=0", 400, "task_id" },
        { "port too big", "port=70000", 400, "port" },
        { "host invalid", "host_ip=\"bad host!\"", 400, "host_ip" },
        { "execution id object", "execution_id={}", 400, "execution_id" },
        { "error message too long", $"error_message=\"{new string('e', 4001)}\"", 400, "error_message" },
        { "body an array", "raw:[]", 400, "body" },
        { "body not json", "raw:{\"shadow_bot_account\": ", 400, "body" },
        { "body empty", "raw:", 400, "body" },
    };

    // Bodies as bytes: %XX is a raw byte, {account} the test's fresh account; JSON escapes (\u...) are sent as written.
    private const string Start = """{"shadow_bot_account":"{account}","status":"completed","start_time":"2026-01-27 10:00:00","end_time":"2026-01-27 10:30:00",""";

    public static TheoryData<string, string, string> MalformedBodies => new()
    {
        // case name, body, named field
        { "invalid UTF-8 in a value", Start + """ "app_name":"%FF%FE"}""", "body" },
        { "invalid UTF-8 in an unknown field's name", Start + """ "app_name":"a","note%FF":1}""", "body" },
        { "overlong encoding of '/'", Start + """ "app_name":"%C0%AF"}""", "body" },
        { "a surrogate encoded as UTF-8", Start + """ "app_name":"%ED%A0%80"}""", "body" },
        { "a character cut short", Start + """ "app_name":"%E4%BA"}""", "body" },
        { "UTF-16 with its byte order mark", "%FF%FE{%00}%00", "body" },
        { "lone high surrogate escape", Start + """ "app_name":"\ud800"}""", "app_name" },
        { "surrogates in the wrong order", Start + """ "app_name":"\udc00\ud800"}""", "app_name" },
        { "lone low surrogate in an unknown field", Start + """ "app_name":"a","note":"x\udc00"}""", "note" },
        { "lone surrogate in a field name", Start + """ "app_name":"a","\ud800":1,"b":2}""", "body" },
        { "NUL escape in a value", Start + """ "app_name":"a\u0000b"}""", "app_name" },
        { "NUL escape in a nested field", Start + """ "app_name":"a","result_summary":{"note":"\u0000"}}""", "result_summary.note" },
        { "control character in the account", Start.Replace("{account}", "{account}\\t", StringComparison.Ordinal) + """ "app_name":"a"}""", "shadow_bot_account" },
        { "field sent twice", Start + """ "app_name":"a","app_name":"b"}""", "app_name" },
        { "field sent twice, once escaped", Start + """ "app_name":"a","app_\u006eame":"b"}""", "app_name" },
        { "nested field sent twice", Start + """ "app_name":"a","result_summary":{"total_items":5,"total_items":6}}""", "result_summary.total_items" },
        { "nested 65 deep", Start + """ "app_name":"a","note":""" + new string('[', 65) + new string(']', 65) + "}", "body" },
        { "nested 100,000 deep", new string('[', 100_000) + new string(']', 100_000), "body" },
        { "truncated", Start + """ "app_name":"a","result_summary":{"total_items":5""", "body" },
        { "trailing comma", Start + """ "app_name":"a",}""", "body" },
        { "two JSON values", "{} {}", "body" },
        { "NaN", Start + """ "app_name":"a","duration_seconds":NaN}""", "body" },
        { "whitespace only", "  \r\n ", "body" },
        { "byte order mark only", "%EF%BB%BF", "body" },
        { "port 1e400", Start + """ "app_name":"a","port":1e400}""", "port" },
        { "task_id beyond 64 bits", Start + """ "app_name":"a","task_id":99999999999999999999}""", "task_id" },
        { "total_items beyond 32 bits", Start + """ "app_name":"a","result_summary":{"total_items":2147483648}}""", "result_summary.total_items" },
        { "duration_seconds 1e400", Start + """ "app_name":"a","duration_seconds":1e400}""", "duration_seconds" },
        { "execution_id a 200-digit number", Start + """ "app_name":"a","execution_id":""" + new string('7', 200) + "}", "execution_id" },
    };

    [Theory]
    [MemberData(nameof(MalformedBodies))]
    public async Task ExecutionComplete_MalformedBytes_400NamingBodyOrFieldAndWritesNothing(string name, string body, string field)
    {
        var account = WebhookPayloads.NewAccount();
        var before = await SnapshotAsync();

        var response = await app.Robot().PostAsync("/api/v1/webhook/execution-complete", Bytes(body.Replace("{account}", account, StringComparison.Ordinal)), Ct);

        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{name}: expected 400, got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out _), $"{name}: errors should name '{field}': {errors}");
        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(0, await app.QueryAsync(db => db.Accounts.CountAsync(a => a.ShadowBotAccount.StartsWith(account), Ct)));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task ExecutionComplete_BadInput_NamesFieldAndWritesNothing(string name, string edit, int status, string? field)
    {
        var account = WebhookPayloads.NewAccount();
        var before = await SnapshotAsync();

        var response = await app.Robot().PostAsync("/api/v1/webhook/execution-complete", Json(Apply(account, edit)), Ct);

        Assert.True(status == (int)response.StatusCode, $"{name}: expected {status}, got {(int)response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        if (field is not null)
        {
            Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), $"{name}: errors should name '{field}': {problem}");
        }

        Assert.Equal(before, await SnapshotAsync());
        Assert.Equal(0, await app.QueryAsync(db => db.Accounts.CountAsync(a => a.ShadowBotAccount == account, Ct)));
    }

    [Fact]
    public async Task ExecutionComplete_WrongContentType_Returns415AndWritesNothing()
    {
        var before = await SnapshotAsync();
        var body = new StringContent(JsonSerializer.Serialize(WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount())), Encoding.UTF8, "text/plain");

        var response = await app.Robot().PostAsync("/api/v1/webhook/execution-complete", body, Ct);

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task ExecutionComplete_BodyOverOneMebibyte_Returns413AndWritesNothing()
    {
        var before = await SnapshotAsync();
        var huge = WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount()).With("log_content", new string('x', 1024 * 1024 + 10));

        var response = await app.Robot().PostAsync("/api/v1/webhook/execution-complete", Json(JsonSerializer.Serialize(huge)), Ct);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Theory]
    [InlineData("confirm", "{\"shadow_bot_account\":\"x\"}", "app_name")]
    [InlineData("confirm", "{\"shadow_bot_account\":\"x\",\"app_name\":\"a\",\"start_time\":\"soon\"}", "start_time")]
    [InlineData("heartbeat", "{\"host_ip\":\"10.0.0.1\"}", "shadow_bot_account")]
    [InlineData("heartbeat", "{\"shadow_bot_account\":\"x\",\"port\":\"eighty\"}", "port")]
    [InlineData("heartbeat", "{\"shadow_bot_account\":\"%FF\"}", "body")]
    [InlineData("heartbeat", "{\"shadow_bot_account\":\"x\",\"shadow_bot_account\":\"y\"}", "shadow_bot_account")]
    [InlineData("heartbeat", "{\"shadow_bot_account\":\"\\ud800\"}", "shadow_bot_account")]
    [InlineData("confirm", "{\"shadow_bot_account\":\"x\",\"app_name\":\"a\\u0000\"}", "app_name")]
    [InlineData("confirm", "{\"shadow_bot_account\":\"x\",\"app_name\":\"a\",\"task_id\":1e400}", "task_id")]
    [InlineData("confirm", "", "body")]
    public async Task OtherWebhooks_BadInput_NameTheField(string path, string body, string field)
    {
        var before = await SnapshotAsync();

        var response = await app.Robot().PostAsync($"/api/v1/webhook/{path}", Bytes(body), Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(before, await SnapshotAsync());
    }

    private static string Apply(string account, string edit)
    {
        if (edit.StartsWith("raw:", StringComparison.Ordinal))
        {
            return edit[4..];
        }

        var body = JsonSerializer.SerializeToNode(WebhookPayloads.SeedCompletion(account))!.AsObject();
        if (edit.StartsWith('-'))
        {
            body.Remove(edit[1..]);
        }
        else
        {
            var separator = edit.IndexOf('=', StringComparison.Ordinal);
            body[edit[..separator]] = JsonNode.Parse(edit[(separator + 1)..]);
        }

        return body.ToJsonString();
    }

    // %XX is one raw byte; everything else is sent as UTF-8.
    private static ByteArrayContent Bytes(string body)
    {
        var bytes = new List<byte>();
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == '%')
            {
                bytes.Add(Convert.ToByte(body.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(body[i].ToString()));
            }
        }

        var content = new ByteArrayContent([.. bytes]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static StringContent Json(string body)
    {
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private Task<string> SnapshotAsync() => app.QueryAsync(async db =>
    {
        var logs = await db.ExecutionLogs.CountAsync(Ct);
        var accounts = await db.Accounts.CountAsync(Ct);
        var tasks = await db.Tasks.CountAsync(Ct);
        var lastAccountChange = await db.Accounts.MaxAsync(a => (DateTime?)a.UpdatedAt, Ct);
        return $"{logs}/{accounts}/{tasks}/{lastAccountChange:O}";
    });
}

public sealed class WebhookBadInputTestsOnSqlite(WebhookAppFactory app) : WebhookBadInputTests(app), IClassFixture<WebhookAppFactory>;

public sealed class WebhookBadInputTestsOnPostgreSql(PostgreSqlWebhookAppFactory app) : WebhookBadInputTests(app), IClassFixture<PostgreSqlWebhookAppFactory>;

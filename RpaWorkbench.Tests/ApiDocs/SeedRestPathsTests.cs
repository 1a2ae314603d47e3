using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.ApiDocs;

/// <summary>
/// Every REST path of the old system (seed 000/001: accounts, tasks and their start/stop/force-stop, logs with the CSV
/// export, the dashboard, the webhooks, the event stream and the robot config routes) on a real Kestrel host with the
/// demo robots, the simulated robot agent and an admin key: each answers with the status its documentation gives and
/// with the top-level fields the OpenAPI document declares for that answer.
/// </summary>
public sealed class SeedRestPathsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SeedPaths_WithAnAdminKeyOnSeededData_AnswerAsDocumented()
    {
        await using var app = new SimulatedWorkbenchFactory();
        using var http = app.CreateClient();
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json", Ct))!;
        var adminKey = await app.KeySecretAsync(ApiKeyScopes.Admin);
        var robotKey = await app.KeySecretAsync(ApiKeyScopes.Robot);
        http.DefaultRequestHeaders.Add("X-Api-Key", adminKey);
        var walk = new Walk(http, document);

        // The seed's robot reports in: heartbeat and its completed run (the seed payload), as a robot key sends them.
        await walk.SendAsync(HttpMethod.Post, "/api/v1/webhook/heartbeat", "/api/v1/webhook/heartbeat", HttpStatusCode.OK,
            new { shadow_bot_account = "tygj001", host_ip = "192.168.10.21", port = 8080 }, robotKey);
        var run = await walk.SendAsync(HttpMethod.Post, "/api/v1/webhook/execution-complete", "/api/v1/webhook/execution-complete", HttpStatusCode.OK,
            WebhookPayloads.SeedCompletion("tygj001"), robotKey);
        await walk.SendAsync(HttpMethod.Post, "/api/v1/webhook/confirm", "/api/v1/webhook/confirm", HttpStatusCode.OK,
            new { shadow_bot_account = "tygj003", app_name = "库存盘点" }, robotKey);

        // Accounts: list (the seed's filters), one, create, update with If-Match, delete.
        var accounts = await walk.GetAsync("/api/v1/accounts?search=tygj001&page=1&page_size=20", "/api/v1/accounts");
        var accountId = (long)accounts["items"]!.AsArray().Single(a => (string?)a!["shadow_bot_account"] == "tygj001")!["id"]!;
        await walk.GetAsync($"/api/v1/accounts/{accountId}", "/api/v1/accounts/{id}");
        var created = await walk.SendAsync(HttpMethod.Post, "/api/v1/accounts", "/api/v1/accounts", HttpStatusCode.Created,
            new { shadow_bot_account = "seedwalk01", host_ip = "10.9.9.9", port = 8080 });
        var newAccount = (long)created["id"]!;
        await walk.SendAsync(HttpMethod.Put, $"/api/v1/accounts/{newAccount}", "/api/v1/accounts/{id}", HttpStatusCode.OK,
            new { shadow_bot_account = "seedwalk01", host_ip = "10.9.9.10", port = 8081 }, ifMatch: walk.LastETag);
        await walk.SendAsync(HttpMethod.Delete, $"/api/v1/accounts/{newAccount}", "/api/v1/accounts/{id}", HttpStatusCode.NoContent);

        // Tasks: list, one, create, update with If-Match, delete.
        var tasks = await walk.GetAsync("/api/v1/tasks?page=1&page_size=50", "/api/v1/tasks");
        long TaskOf(string account) => (long)tasks["items"]!.AsArray().First(t => (string?)t!["shadow_bot_account"] == account)!["id"]!;
        await walk.GetAsync($"/api/v1/tasks/{TaskOf("tygj001")}", "/api/v1/tasks/{id}");
        var newTask = (long)(await walk.SendAsync(HttpMethod.Post, "/api/v1/tasks", "/api/v1/tasks", HttpStatusCode.Created,
            new { task_name = "巡检", account_id = accountId, app_name = "云仓收藏", config_json = new { max_items = 50 } }))["id"]!;
        await walk.SendAsync(HttpMethod.Put, $"/api/v1/tasks/{newTask}", "/api/v1/tasks/{id}", HttpStatusCode.OK,
            new { task_name = "巡检-改", account_id = accountId, app_name = "云仓收藏", cron_expression = "0 10 * * *" }, ifMatch: walk.LastETag);
        await walk.SendAsync(HttpMethod.Delete, $"/api/v1/tasks/{newTask}", "/api/v1/tasks/{id}", HttpStatusCode.NoContent);

        // Start, then stop (tygj001) and force-stop (tygj002) once each robot has confirmed its run.
        foreach (var (account, action) in new[] { ("tygj001", "stop"), ("tygj002", "force-stop") })
        {
            var taskId = TaskOf(account);
            var timers = app.Clock.TimersSet;
            await walk.SendAsync(HttpMethod.Post, $"/api/v1/tasks/{taskId}/start", "/api/v1/tasks/{id}/start", HttpStatusCode.OK);
            await app.Clock.LetTheRobotConfirmAsync(timers);
            await app.EventuallyAsync(db => db.Tasks.SingleOrDefaultAsync(t => t.Id == taskId && t.Status == RobotTaskStatus.Running, Ct), $"{account}'s run");
            await walk.SendAsync(HttpMethod.Post, $"/api/v1/tasks/{taskId}/{action}", $"/api/v1/tasks/{{id}}/{action}", HttpStatusCode.OK);
        }

        // A run to its end (kefu01): its log file is a run file in the Workbench's store (the old static resources),
        // fetched directly and through the resource proxy, inline and as a download.
        var finishing = TaskOf("kefu01");
        var before = app.Clock.TimersSet;
        await walk.SendAsync(HttpMethod.Post, $"/api/v1/tasks/{finishing}/start", "/api/v1/tasks/{id}/start", HttpStatusCode.OK);
        await app.Clock.LetTheRobotConfirmAsync(before);
        await app.Clock.LetTheRobotFinishAsync(before);
        var finished = await app.EventuallyAsync(
            db => db.ExecutionLogs.Where(l => l.TaskId == finishing && l.LogUrl != null).Select(l => new { l.Id }).FirstOrDefaultAsync(Ct), "kefu01's log");
        var files = await walk.GetAsync($"/api/v1/logs/{finished.Id}", "/api/v1/logs/{id}");
        await walk.GetTextAsync(new Uri((string)files["log_url"]!).PathAndQuery, "/api/v1/resources/objects/{key}", "text/plain");
        await walk.GetTextAsync((string)files["links"]!["log"]!, "/api/v1/resources/proxy", "text/plain");
        await walk.GetTextAsync((string)files["links"]!["log_download"]!, "/api/v1/resources/proxy/download", "text/plain");

        // Logs: the list with the logs page's filters, the seed run, the CSV export.
        var logs = await walk.GetAsync("/api/v1/logs?account=tygj001&status=completed&from=2026-01-27&to=2026-01-27&page=1&page_size=20", "/api/v1/logs");
        Assert.Contains(logs["items"]!.AsArray(), l => (long)l!["id"]! == (long)run["id"]!);
        var log = await walk.GetAsync($"/api/v1/logs/{(long)run["id"]!}", "/api/v1/logs/{id}");
        Assert.Equal(1800, (double)log["duration_seconds"]!);
        await walk.GetTextAsync("/api/v1/logs/export?account=tygj001", "/api/v1/logs/export", "text/csv");

        // Dashboard.
        await walk.GetAsync("/api/v1/dashboard/stats?days=7", "/api/v1/dashboard/stats");
        await walk.GetAsync("/api/v1/dashboard/performance?days=30", "/api/v1/dashboard/performance");
        await walk.GetAsync("/api/v1/dashboard/execution-rank?days=90", "/api/v1/dashboard/execution-rank");

        // The event stream and its status.
        await walk.GetAsync("/api/v1/sse/status", "/api/v1/sse/status");
        await using (var stream = await SseClient.OpenAsync(http.BaseAddress!, "/api/v1/sse/events", adminKey))
        {
            walk.Check(stream.Response, HttpMethod.Get, "/api/v1/sse/events", HttpStatusCode.OK, "(stream)");
            Assert.Equal("text/event-stream", stream.Response.Content.Headers.ContentType?.MediaType);
        }

        // The robot config routes (their requests as the role matrix sends them), and the retired intranet pass-through.
        var samples = new ApiRouteSamples(app);
        await walk.SendSampleAsync(await samples.RequestAsync("upload-config-file"), "/api/v1/resources/upload/config", HttpStatusCode.OK);
        var config = await walk.SendSampleAsync(await samples.RequestAsync("get-robot-config"), "/api/v1/resources/config/get", HttpStatusCode.OK);
        var link = new Uri((string)config["config_file_url"]!).PathAndQuery;
        await walk.GetTextAsync(link, "/api/v1/resources/config-files/{token}", "application/json");
        await walk.SendAsync(HttpMethod.Get, "/api/v1/resources/proxy/intranet?url=http://10.0.0.5/", "/api/v1/resources/proxy/intranet", HttpStatusCode.Gone);

        Assert.True(walk.Mismatches.Count == 0, string.Join(Environment.NewLine, walk.Mismatches));
    }

    /// <summary>Sends the calls and checks each answer against its expected status and the document's declared fields.</summary>
    private sealed class Walk(HttpClient http, JsonNode document)
    {
        public List<string> Mismatches { get; } = [];

        public string? LastETag { get; private set; }

        public Task<JsonNode> GetAsync(string path, string documented) => SendAsync(HttpMethod.Get, path, documented, HttpStatusCode.OK);

        public async Task<JsonNode> SendAsync(
            HttpMethod method, string path, string documented, HttpStatusCode status, object? body = null, string? key = null, string? ifMatch = null)
        {
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            if (key is not null)
            {
                request.Headers.Add("X-Api-Key", key);
            }

            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }

            return await AnswerAsync(await http.SendAsync(request, Ct), method, documented, status);
        }

        public async Task<JsonNode> SendSampleAsync(HttpRequestMessage request, string documented, HttpStatusCode status)
        {
            using (request)
            {
                return await AnswerAsync(await http.SendAsync(request, Ct), request.Method, documented, status);
            }
        }

        public async Task GetTextAsync(string path, string documented, string mediaType)
        {
            using var response = await http.GetAsync(path, Ct);
            Check(response, HttpMethod.Get, documented, HttpStatusCode.OK, await response.Content.ReadAsStringAsync(Ct));
            Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        }

        /// <summary>The status as expected, never 404, 405 or 5xx, and listed among the operation's documented answers.</summary>
        public void Check(HttpResponseMessage response, HttpMethod method, string documented, HttpStatusCode status, string body)
        {
            var code = (int)response.StatusCode;
            Assert.False(code is 404 or 405 or >= 500, $"{method} {documented} answered {code}: {body}");
            if (response.StatusCode != status)
            {
                Mismatches.Add($"{method} {documented}: expected {(int)status}, got {code}: {body}");
            }

            if (Operation(method, documented)?["responses"]?[code.ToString(CultureInfo.InvariantCulture)] is null)
            {
                Mismatches.Add($"{method} {documented}: {code} is not among its documented answers");
            }
        }

        private async Task<JsonNode> AnswerAsync(HttpResponseMessage response, HttpMethod method, string documented, HttpStatusCode status)
        {
            using (response)
            {
                var text = await response.Content.ReadAsStringAsync(Ct);
                Check(response, method, documented, status, text);
                LastETag = response.Headers.ETag?.ToString();
                if (text.Length == 0)
                {
                    return new JsonObject();
                }

                var answer = JsonNode.Parse(text)!;
                var code = ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture);
                var mediaType = response.Content.Headers.ContentType?.MediaType;
                var schema = Operation(method, documented)?["responses"]?[code]?["content"]?[mediaType ?? ""]?["schema"];
                if (mediaType == "application/problem+json")
                {
                    // Problem details carry extensions (requestId) and leave out what is null: check the members every problem has.
                    Assert.True(schema is not null && answer["title"] is not null && answer["status"] is not null, $"{method} {documented}: {text}");
                    return answer;
                }

                var declared = schema is null ? null : Resolve(schema)["properties"]?.AsObject().Select(p => p.Key).Order().ToList();
                var sent = answer.AsObject().Select(p => p.Key).Order().ToList();
                if (declared is null || !declared.SequenceEqual(sent))
                {
                    Mismatches.Add($"{method} {documented}: fields [{string.Join(", ", sent)}], documented [{string.Join(", ", declared ?? [])}]");
                }

                return answer;
            }
        }

        private JsonNode? Operation(HttpMethod method, string documented) => document["paths"]?[documented]?[method.Method.ToLowerInvariant()];

        private JsonNode Resolve(JsonNode schema) =>
            (string?)schema["$ref"] is { } reference ? document["components"]!["schemas"]![reference.Split('/')[^1]]! : schema;
    }
}

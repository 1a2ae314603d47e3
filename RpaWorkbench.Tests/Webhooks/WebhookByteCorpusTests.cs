using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Storage;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// A generated corpus beside the bad-input table: a fixed seed mutates each robot-facing API's seed body byte by byte
/// (<see cref="ByteMutator"/>) into 2,000 bodies, posted one by one with a valid key. Every answer is below 500; a 2xx
/// only for a body the test's own oracle accepts (<see cref="StrictJsonOracle"/>), and what it stored is what was sent;
/// any other answer changed nothing in the database or the object store; the rows written match the 2xx answers.
/// </summary>
public sealed class WebhookByteCorpusTests : IAsyncLifetime
{
    private const int BodiesPerApi = 2_000;
    private const int MutationSeed = 19;
    private const string Account = "tygj001";
    private const string App = "云仓收藏";
    private const string Host = "10.1.1.1";
    private const int Port = 8080;
    private const string Json = "application/json";

    private static readonly JsonSerializerOptions Utf8Text = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly CorpusApp _app = new();
    private HttpClient _robot = null!;
    private SqliteConnection _database = null!;
    private long _taskId;
    private long _accountId;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string ObjectsFolder => Path.Combine(_app.DataDirectory, "objects");

    public async ValueTask InitializeAsync()
    {
        _taskId = await RobotConfigCalls.AddTaskAsync(_app.Services, Account, App, host: Host, port: Port);
        _accountId = await _app.QueryAsync(db => db.Tasks.Where(t => t.Id == _taskId).Select(t => t.AccountId).SingleAsync(Ct));
        _robot = _app.Robot();
        _database = new SqliteConnection(TempDirectory.SqliteConnectionStringIn(_app.DataDirectory));
        await _database.OpenAsync(Ct);
    }

    public async ValueTask DisposeAsync()
    {
        await _database.DisposeAsync();
        await _app.DisposeAsync();
    }

    [Fact]
    public async Task ExecutionComplete_MutatedSeed_StoresExactlyWhatValidBodiesSent()
    {
        var created = new Dictionary<long, SentRun>();
        await PostCorpusAsync("/api/v1/webhook/execution-complete", Json, async call =>
        {
            var (reply, shown) = (call.Reply, call.Shown);
            var id = reply.GetProperty("id").GetInt64();
            var sent = SentRun.Read(call.Body);
            if (reply.GetProperty("duplicate").GetBoolean())
            {
                Assert.True(created.TryGetValue(id, out var first), $"{shown}: a duplicate of run {id}, which no earlier call stored");
                Assert.True((sent.Account, sent.App, sent.StartUtc, sent.EndUtc) == (first.Account, first.App, first.StartUtc, first.EndUtc), $"{shown}: not the run {id} it is a duplicate of");
                Assert.True(call.Before == await SnapshotAsync(), $"{shown}: a duplicate changed the database");
                return;
            }

            var stored = SentRun.Of(await _app.QueryAsync(db => db.ExecutionLogs.AsNoTracking().SingleAsync(l => l.Id == id, Ct)));
            Assert.True(sent == stored, $"{shown}: stored {stored}, sent {sent}");
            created.Add(id, sent);
        }, Seed(new
        {
            shadow_bot_account = Account, app_name = App, status = "completed",
            start_time = "2026-01-27 10:00:00", end_time = "2026-01-27 10:30:00", duration_seconds = 1800,
            result_summary = new { total_items = 50, success_items = 48, failed_items = 2 },
            log_info = true, screenshot = true,
            screenshot_url = "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/screenshot.png",
            log_url = "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/log.txt",
            task_id = _taskId, host_ip = Host, port = Port,
        }));

        // Later duplicates did not overwrite what the first call stored.
        var logs = await _app.QueryAsync(db => db.ExecutionLogs.AsNoTracking().ToListAsync(Ct));
        Assert.Equal(created, logs.ToDictionary(l => l.Id, SentRun.Of));
        var accounts = await _app.QueryAsync(db => db.Accounts.CountAsync(Ct));
        Assert.Equal(logs.Select(l => l.AccountId).Append(_accountId).Distinct().Count(), accounts);
    }

    [Fact]
    public async Task Confirm_MutatedSeed_OnlyValidBodiesAnsweredAndTheTaskRoutedByContract()
    {
        var names = new HashSet<string> { Account };
        var accepted = await PostCorpusAsync("/api/v1/webhook/confirm", Json, call =>
        {
            var (body, reply, shown) = (call.Body, call.Reply, call.Shown);
            var id = reply.GetProperty("id");
            Assert.True(id.ValueKind == JsonValueKind.Null || id.GetInt64() == _taskId, $"{shown}: answered task {id}");
            var sentTask = SentRun.Integer(body, "task_id");
            if (IsRegisteredRobot(body) && (sentTask == _taskId || body.GetProperty("app_name").GetString()!.Trim() == App))
            {
                Assert.True(id.ValueKind == JsonValueKind.Number && id.GetInt64() == _taskId, $"{shown}: the registered robot's task not matched: {id}");
            }

            names.Add(body.GetProperty("shadow_bot_account").GetString()!.Trim());
            return Task.CompletedTask;
        }, Seed(new { shadow_bot_account = Account, app_name = App, task_id = _taskId, host_ip = Host, port = Port, start_time = "2026-01-27 10:00:00" }));

        var accounts = await _app.QueryAsync(db => db.Accounts.Select(a => a.ShadowBotAccount).ToListAsync(Ct));
        Assert.All(accounts, name => Assert.Contains(name, names));
        Assert.InRange(accounts.Count, 1, 1 + accepted);
        Assert.Equal(0, await _app.QueryAsync(db => db.ExecutionLogs.CountAsync(Ct)));
    }

    [Fact]
    public async Task Heartbeat_MutatedSeed_OnlyValidBodiesAnsweredAndEachAccountFromOne()
    {
        var answered = new HashSet<long> { _accountId };
        await PostCorpusAsync("/api/v1/webhook/heartbeat", Json, async call =>
        {
            var (body, reply, shown) = (call.Body, call.Reply, call.Shown);
            var id = reply.GetProperty("id").GetInt64();
            var name = await _app.QueryAsync(db => db.Accounts.Where(a => a.Id == id).Select(a => a.ShadowBotAccount).SingleAsync(Ct));
            Assert.True(name == body.GetProperty("shadow_bot_account").GetString()!.Trim(), $"{shown}: answered account {id} ({name})");
            Assert.True(!IsRegisteredRobot(body) || id == _accountId, $"{shown}: the registered robot answered as account {id}");
            answered.Add(id);
        }, Seed(new { shadow_bot_account = Account, host_ip = Host, port = Port }));

        Assert.Equal(answered.Count, await _app.QueryAsync(db => db.Accounts.CountAsync(Ct)));
    }

    [Fact]
    public async Task ConfigGet_MutatedSeeds_OnlyValidBodiesAnsweredAndNothingWritten()
    {
        var start = await SnapshotAsync();

        await PostCorpusAsync("/api/v1/resources/config/get", Json, call =>
        {
            var (body, reply, shown) = (call.Body, call.Reply, call.Shown);
            Assert.True(reply.GetProperty("task_id").GetInt64() == _taskId, $"{shown}: answered {reply}");
            var asked = SentRun.Integer(body, "task_id") is { } id
                ? id == _taskId
                : (body.GetProperty("shadow_bot_account").GetString()!.Trim(), body.GetProperty("app_name").GetString()!.Trim()) == (Account, App);
            Assert.True(asked, $"{shown}: answered task {_taskId}, which the body does not name");
            return Task.CompletedTask;
        }, Seed(new { task_id = _taskId, shadow_bot_account = Account, app_name = App }), Seed(new { shadow_bot_account = Account, app_name = App }));

        Assert.Equal(start, await SnapshotAsync());
    }

    [Fact]
    public async Task UploadConfig_MutatedMultipart_StoresOnlyBytesTheBodyHeld()
    {
        const string boundary = "corpus-boundary";
        var seed = Encoding.UTF8.GetBytes(
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"task_id\"\r\n\r\n{_taskId}\r\n" +
            $"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rules.json\"\r\nContent-Type: application/json\r\n\r\n" +
            $"{{\"region\":\"华东\",\"retries\":3}}\r\n--{boundary}--\r\n");

        var accepted = await PostCorpusAsync("/api/v1/resources/upload/config", $"multipart/form-data; boundary={boundary}", async call =>
        {
            var (body, reply, shown) = (call.Bytes, call.Reply, call.Shown);
            // Form field names are matched ignoring case, as in every ASP.NET Core form.
            var text = Encoding.UTF8.GetString(body);
            Assert.True(text.Contains("name=\"task_id\"", StringComparison.OrdinalIgnoreCase) && text.Contains("filename=", StringComparison.OrdinalIgnoreCase), $"{shown}: accepted without both parts");
            Assert.True(reply.GetProperty("task_id").GetInt64() == _taskId, $"{shown}: answered {reply}");
            var key = await _app.QueryAsync(db => db.Tasks.Where(t => t.Id == _taskId).Select(t => t.ConfigFileKey).SingleAsync(Ct));
            var stored = await File.ReadAllBytesAsync(Path.Combine(ObjectsFolder, key!), Ct);
            Assert.True(reply.GetProperty("config_file").GetProperty("size").GetInt64() == stored.Length, $"{shown}: answered {reply}, stored {stored.Length} bytes");
            Assert.True(body.AsSpan().IndexOf(stored) >= 0, $"{shown}: stored bytes the body did not hold: {Convert.ToBase64String(stored)}");
        }, seed);

        Assert.Equal(accepted, await _app.QueryAsync(db => db.AuditEntries.CountAsync(e => e.Action == AuditActions.TaskConfigFileChanged, Ct)));
        var key = await _app.QueryAsync(db => db.Tasks.Where(t => t.Id == _taskId).Select(t => t.ConfigFileKey).SingleAsync(Ct));
        // Only the last upload's object (and the store's files beside it) is left: each replaced one was deleted.
        var current = Path.Combine(ObjectsFolder, key!);
        var files = Directory.GetFiles(ObjectsFolder, "*", SearchOption.AllDirectories);
        Assert.Contains(current, files);
        Assert.All(files, file => Assert.StartsWith(current, file, StringComparison.Ordinal));
    }

    // Posts BodiesPerApi mutations (of each seed in turn) and checks every answer; the number of 2xx answers.
    private async Task<int> PostCorpusAsync(
        string path, string contentType, Func<AcceptedCall, Task> checkAccepted, params byte[][] seeds)
    {
        var mutator = new ByteMutator(MutationSeed);
        var (accepted, watch) = (0, Stopwatch.StartNew());
        for (var i = 0; i < BodiesPerApi; i++)
        {
            var body = mutator.Mutate(seeds[i % seeds.Length]);
            var shown = $"{path} body #{i} «{Encoding.UTF8.GetString(body)}» (base64 {Convert.ToBase64String(body)})";
            var before = await SnapshotAsync();
            using var content = new ByteArrayContent(body);
            content.Headers.TryAddWithoutValidation("Content-Type", contentType);

            var response = await _robot.PostAsync(path, content, Ct);

            var status = (int)response.StatusCode;
            Assert.True(status is (>= 200 and < 300) or (>= 400 and < 500), $"{shown}: {status} {await response.Content.ReadAsStringAsync(Ct)}");
            if (status >= 400)
            {
                Assert.True(response.Content.Headers.ContentType?.MediaType == "application/problem+json", $"{shown}: {status} without problem details");
                var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
                Assert.True(status != 400 || problem.GetProperty("errors").EnumerateObject().Any(), $"{shown}: a 400 naming no field: {problem}");
                Assert.True(before == await SnapshotAsync(), $"{shown}: refused with {status} but the database or the object store changed");
                continue;
            }

            Assert.True(contentType != Json || StrictJsonOracle.IsAcceptable(body), $"{shown}: {status} for a body that is not strict UTF-8 JSON");
            using var sent = contentType == Json ? JsonDocument.Parse(body.AsMemory(body.AsSpan().StartsWith("\uFEFF"u8) ? 3 : 0)) : null;
            await checkAccepted(new AcceptedCall(body, sent?.RootElement ?? default, await response.Content.ReadFromJsonAsync<JsonElement>(Ct), before, shown));
            accepted++;
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{path}: {BodiesPerApi} bodies, {accepted} accepted, {watch.Elapsed.TotalSeconds:F1} s");
        Assert.InRange(accepted, 1, BodiesPerApi - 1);
        return accepted;
    }

    // Exactly the registered account, host and port (or no host and port), as sent.
    private static bool IsRegisteredRobot(JsonElement body) =>
        body.GetProperty("shadow_bot_account").GetString()!.Trim() == Account
        && SentRun.Sent(body, "host_ip")?.GetString() is null or Host
        && SentRun.Integer(body, "port") is null or Port;

    // Everything a refused call must leave alone, in one read: the rows and their last changes, and the stored files.
    private async Task<string> SnapshotAsync()
    {
        await using var command = _database.CreateCommand();
        command.CommandText = """
            SELECT (SELECT COUNT(*) FROM "ExecutionLogs") || '/' || (SELECT COUNT(*) FROM "Accounts") || '/' ||
                   (SELECT IFNULL(MAX("UpdatedAt"), '') || ',' || IFNULL(MAX("LastHeartbeatAt"), '') FROM "Accounts") || '/' ||
                   (SELECT group_concat("Status" || ':' || IFNULL("ConfigFileKey", '') || ':' || "UpdatedAt") FROM "Tasks") || '/' ||
                   (SELECT COUNT(*) FROM "AuditEntries")
            """;
        var files = Directory.Exists(ObjectsFolder) ? Directory.GetFiles(ObjectsFolder, "*", SearchOption.AllDirectories).Length : 0;
        return $"{await command.ExecuteScalarAsync(Ct)}/{files}";
    }

    // Chinese as UTF-8 bytes, as most robots send it, so mutations land inside multi-byte characters too.
    private static byte[] Seed(object body) => JsonSerializer.SerializeToUtf8Bytes(body, Utf8Text);

    /// <summary>A 2xx answer: the body as sent (and as JSON, for the JSON APIs), the reply, the state before, the call as shown in messages.</summary>
    private sealed record AcceptedCall(byte[] Bytes, JsonElement Body, JsonElement Reply, string Before, string Shown);

    // The webhook host with the run watchdog held off: confirmed runs start in January 2026, and a sweep would time
    // them out (writing a log) in the middle of the corpus.
    private sealed class CorpusApp : WebhookAppFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Workbench:Robots:WatchdogInterval", "1.00:00:00");
        }
    }
}

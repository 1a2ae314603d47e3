using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Tests.Storage;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// A well-formed request for every <c>/api</c> route, by route name: the role matrix sends them with keys of each scope,
/// and the REST byte corpus mutates their bodies. Whatever a sample needs (a task, an account) it makes on first use.
/// </summary>
public sealed class ApiRouteSamples(WorkbenchAppFactory app)
{
    /// <summary>An id no row has: an allowed caller gets 404, a refused one 403 (the Core checks the role first).</summary>
    public const long Missing = 987_654_321;

    private static readonly Dictionary<string, Func<ApiRouteSamples, Task<HttpRequestMessage>>> Samples = new()
    {
        ["webhook-execution-complete"] = _ => Json(HttpMethod.Post, "/api/v1/webhook/execution-complete", WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount())),
        ["webhook-confirm"] = _ => Json(HttpMethod.Post, "/api/v1/webhook/confirm", new { shadow_bot_account = WebhookPayloads.NewAccount(), app_name = "矩阵" }),
        ["webhook-shadowbot"] = _ => Json(HttpMethod.Post, ShadowBotPayloads.Path, ShadowBotPayloads.Job(WebhookPayloads.NewAccount(), ShadowBotPayloads.NewUuid())),
        ["webhook-heartbeat"] = _ => Json(HttpMethod.Post, "/api/v1/webhook/heartbeat", new { shadow_bot_account = WebhookPayloads.NewAccount() }),
        ["get-robot-config"] = async s => await Json(HttpMethod.Post, "/api/v1/resources/config/get", new { task_id = await s.TaskAsync() }),
        ["upload-config-file"] = async s => Upload(await s.TaskAsync()),
        ["download-object"] = _ => Get("/api/v1/resources/objects/runs/matrix/missing.png"),
        ["proxy-resource"] = _ => Get("/api/v1/resources/proxy?url=not-a-url"),
        ["download-resource"] = _ => Get("/api/v1/resources/proxy/download?url=not-a-url"),
        ["intranet-proxy-retired"] = _ => Get("/api/v1/resources/proxy/intranet?url=http://10.0.0.5/"),
        ["export-logs"] = _ => Get("/api/v1/logs/export?status=failed&from=2026-01-01&to=2026-12-31&q=x"),
        ["export-audit"] = _ => Get("/api/v1/audit/export?from=2026-01-01&to=2026-12-31&action=task.created"),
        ["events"] = _ => Get("/api/v1/events"),
        ["sse-events"] = _ => Get("/api/v1/sse/events"),
        ["sse-status"] = _ => Get("/api/v1/sse/status"),
        ["list-users"] = _ => Get("/api/v1/users?search=a&page=1&page_size=5"),
        ["list-logs"] = _ => Get("/api/v1/logs?account=tygj001&status=failed&from=2026-01-01&to=2026-12-31&q=x&page=1&page_size=20"),
        ["get-log"] = _ => Get($"/api/v1/logs/{Missing}"),
        ["get-dashboard-stats"] = _ => Get("/api/v1/dashboard/stats?days=30&app=云仓收藏"),
        ["get-dashboard-performance"] = _ => Get("/api/v1/dashboard/performance?days=7&account=tygj001"),
        ["get-dashboard-execution-rank"] = _ => Get("/api/v1/dashboard/execution-rank?days=90"),
        ["list-api-keys"] = _ => Get("/api/v1/api-keys?page=1&page_size=10"),
        ["create-api-key"] = _ => Json(HttpMethod.Post, "/api/v1/api-keys", new { name = "sample " + Guid.NewGuid().ToString("N")[..6], scope = "viewer", expires_at = "2030-01-01T00:00:00Z" }),
        ["list-accounts"] = _ => Get("/api/v1/accounts?search=bot&status=pending&online=true&unregistered=false&sort=account&descending=true&page=1&page_size=10"),
        ["get-account"] = _ => Get($"/api/v1/accounts/{Missing}"),
        ["create-account"] = _ => Json(HttpMethod.Post, "/api/v1/accounts", new { shadow_bot_account = WebhookPayloads.NewAccount(), host_ip = "10.9.9.9", port = 8080 }),
        ["update-account"] = async s => await Json(HttpMethod.Put, $"/api/v1/accounts/{(await s.SampleTaskAsync()).AccountId}",
            new { shadow_bot_account = s._accountName, host_ip = "10.9.9.10", port = 8081 }),
        ["delete-account"] = _ => Delete($"/api/v1/accounts/{Missing}"),
        ["list-groups"] = _ => Get("/api/v1/groups?search=组&page=1&page_size=10"),
        ["get-group"] = _ => Get($"/api/v1/groups/{Missing}"),
        ["create-group"] = async s => await Json(HttpMethod.Post, "/api/v1/groups",
            new { name = "样例组 " + Guid.NewGuid().ToString("N")[..6], description = "华东仓库", account_ids = new[] { (await s.SampleTaskAsync()).AccountId } }),
        ["update-group"] = async s => await Json(HttpMethod.Put, $"/api/v1/groups/{await s.SampleGroupAsync()}", new { name = "样例组-改", description = "华南" }),
        ["set-group-members"] = async s => await Json(HttpMethod.Put, $"/api/v1/groups/{await s.SampleGroupAsync()}/members",
            new { account_ids = new[] { (await s.SampleTaskAsync()).AccountId } }),
        ["delete-group"] = _ => Delete($"/api/v1/groups/{Missing}"),
        ["list-alert-channels"] = _ => Get("/api/v1/alert-channels?page=1&page_size=10"),
        ["get-alert-channel"] = _ => Get($"/api/v1/alert-channels/{Missing}"),
        ["create-alert-channel"] = _ => Json(HttpMethod.Post, "/api/v1/alert-channels",
            new { name = "样例渠道 " + Guid.NewGuid().ToString("N")[..6], kind = "we_com", culture = "zh-CN", url = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=sample-key-0001" }),
        ["update-alert-channel"] = _ => Json(HttpMethod.Put, $"/api/v1/alert-channels/{Missing}", new { name = "样例渠道-改", kind = "we_com", enabled = false }),
        ["delete-alert-channel"] = _ => Delete($"/api/v1/alert-channels/{Missing}"),
        ["test-alert-channel"] = _ => Post($"/api/v1/alert-channels/{Missing}/test"),
        ["list-alert-rules"] = _ => Get("/api/v1/alert-rules?kind=failures_in_a_row&enabled=true&page=1&page_size=10"),
        ["get-alert-rule"] = _ => Get($"/api/v1/alert-rules/{Missing}"),
        ["create-alert-rule"] = _ => Json(HttpMethod.Post, "/api/v1/alert-rules",
            new { name = "样例规则 " + Guid.NewGuid().ToString("N")[..6], kind = "failures_in_a_row", threshold = 3, quiet_from = "22:00", quiet_to = "07:00" }),
        ["update-alert-rule"] = _ => Json(HttpMethod.Put, $"/api/v1/alert-rules/{Missing}", new { name = "样例规则", kind = "run_failed" }),
        ["delete-alert-rule"] = _ => Delete($"/api/v1/alert-rules/{Missing}"),
        ["list-workflows"] = _ => Get("/api/v1/workflows?search=流程&page=1&page_size=10"),
        ["get-workflow"] = _ => Get($"/api/v1/workflows/{Missing}"),
        ["create-workflow"] = _ => Json(HttpMethod.Post, "/api/v1/workflows",
            new { name = "样例流程 " + Guid.NewGuid().ToString("N")[..6], steps = new[] { new { name = "pause", kind = "wait", wait = new { seconds = 60 } } } }),
        ["update-workflow"] = _ => Json(HttpMethod.Put, $"/api/v1/workflows/{Missing}",
            new { name = "样例流程", steps = new[] { new { name = "pause", kind = "wait", wait = new { seconds = 60 } } } }),
        ["delete-workflow"] = _ => Delete($"/api/v1/workflows/{Missing}"),
        ["list-workflow-versions"] = _ => Get($"/api/v1/workflows/{Missing}/versions"),
        ["get-workflow-version"] = _ => Get($"/api/v1/workflows/{Missing}/versions/1"),
        ["list-batches"] = _ => Get("/api/v1/batches?state=running&task_id=1&page=1&page_size=10"),
        ["create-batch"] = async s => BatchUpload(await s.TaskAsync()),
        ["get-batch"] = _ => Get($"/api/v1/batches/{Missing}"),
        ["list-batch-items"] = _ => Get($"/api/v1/batches/{Missing}/items?state=failed&page=1&page_size=10"),
        ["pause-batch"] = _ => Post($"/api/v1/batches/{Missing}/pause"),
        ["resume-batch"] = _ => Post($"/api/v1/batches/{Missing}/resume"),
        ["cancel-batch"] = _ => Post($"/api/v1/batches/{Missing}/cancel"),
        ["retry-failed-batch"] = _ => Post($"/api/v1/batches/{Missing}/retry-failed"),
        ["download-batch-result"] = _ => Get($"/api/v1/batches/{Missing}/result?format=csv"),
        ["download-batch-template"] = _ => Get($"/api/v1/tasks/{Missing}/batch-template"),
        ["start-workflow-run"] = _ => Json(HttpMethod.Post, $"/api/v1/workflows/{Missing}/runs", new { inputs = new { order_id = "A-17", count = 3 } }),
        ["list-workflow-runs"] = _ => Get("/api/v1/workflow-runs?workflow_id=1&state=pausing&trigger=api&from=2026-01-01T00:00:00Z&to=2026-12-31T00:00:00Z&page=1&page_size=10"),
        ["get-workflow-run"] = _ => Get($"/api/v1/workflow-runs/{Missing}"),
        ["list-workflow-run-logs"] = _ => Get($"/api/v1/workflow-runs/{Missing}/logs?after_id=10"),
        ["pause-workflow-run"] = _ => Post($"/api/v1/workflow-runs/{Missing}/pause"),
        ["resume-workflow-run"] = _ => Post($"/api/v1/workflow-runs/{Missing}/resume"),
        ["cancel-workflow-run"] = _ => Post($"/api/v1/workflow-runs/{Missing}/cancel"),
        ["restart-workflow-run"] = _ => Json(HttpMethod.Post, $"/api/v1/workflow-runs/{Missing}/restart", new { inputs = new { order_id = "A-18" } }),
        ["approve-workflow-run"] = _ => Json(HttpMethod.Post, $"/api/v1/workflow-runs/{Missing}/approve", new { comment = "同意" }),
        ["reject-workflow-run"] = _ => Json(HttpMethod.Post, $"/api/v1/workflow-runs/{Missing}/reject", new { comment = "金额不对" }),
        ["list-queue"] = _ => Get("/api/v1/queue?state=waiting&page=1&page_size=10"),
        ["cancel-queued-run"] = _ => Post($"/api/v1/queue/{Missing}/cancel"),
        ["list-alerts"] = _ => Get("/api/v1/alerts?state=firing&severity=critical&kind=failures_in_a_row&rule_id=1&since=2026-12-01T00:00:00Z&page=1&page_size=10"),
        ["get-alert"] = _ => Get($"/api/v1/alerts/{Missing}"),
        ["list-alert-deliveries"] = _ => Get("/api/v1/alert-deliveries?channel_id=1&state=delivered&alert_id=1&page=1&page_size=10"),
        ["list-tasks"] = _ => Get("/api/v1/tasks?search=任务&status=pending&sort=task_name&page=1&page_size=10"),
        ["get-task"] = _ => Get($"/api/v1/tasks/{Missing}"),
        ["create-task"] = async s => await Json(HttpMethod.Post, "/api/v1/tasks",
            new { task_name = "样例任务", account_id = (await s.SampleTaskAsync()).AccountId, app_name = "云仓收藏", config_json = new { region = "华东" }, run_timeout_seconds = 600,
                shadow_bot = new { robot_uuid = "app-7c1e", priority = "middle", wait_timeout_seconds = 600 },
                parameters = new object[]
                {
                    new { name = "仓库", type = "text", required = true, max_length = 20, description = "发货仓库" },
                    new { name = "batch_size", type = "integer", @default = "50" },
                } }),
        ["update-task"] = async s =>
        {
            var (taskId, accountId) = await s.SampleTaskAsync();
            return await Json(HttpMethod.Put, $"/api/v1/tasks/{taskId}",
                new { task_name = "样例任务-改", account_id = accountId, app_name = "云仓收藏", cron_expression = "0 9 * * *", run_timeout_seconds = 900 });
        },
        ["delete-task"] = _ => Delete($"/api/v1/tasks/{Missing}"),
        ["start-task"] = _ => Post($"/api/v1/tasks/{Missing}/start"),
        ["stop-task"] = _ => Post($"/api/v1/tasks/{Missing}/stop"),
        ["force-stop-task"] = _ => Post($"/api/v1/tasks/{Missing}/force-stop"),
        ["run-again-task"] = _ => Post($"/api/v1/tasks/{Missing}/run-again"),
        ["revoke-api-key"] = _ => Delete($"/api/v1/api-keys/{Missing}"),
    };

    private readonly string _accountName = WebhookPayloads.NewAccount();
    private long? _taskId;
    private (long TaskId, long AccountId)? _sampleTask;
    private long? _groupId;

    public static bool Has(string name) => Samples.ContainsKey(name);

    public Task<HttpRequestMessage> RequestAsync(string name) => Samples[name](this);

    private async Task<long> TaskAsync() =>
        _taskId ??= await RobotConfigCalls.AddTaskAsync(app.Services, WebhookPayloads.NewAccount(), "矩阵任务", null);

    // A task (and its account) that updates may change: its own, so the config routes' task stays as they expect.
    private async Task<(long TaskId, long AccountId)> SampleTaskAsync()
    {
        if (_sampleTask is null)
        {
            var taskId = await RobotConfigCalls.AddTaskAsync(app.Services, _accountName, "样例", null);
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
            _sampleTask = (taskId, await db.Tasks.Where(t => t.Id == taskId).Select(t => t.AccountId).SingleAsync());
        }

        return _sampleTask.Value;
    }

    // A group that updates may change, stored directly (as the sample task is): the samples need no signed-in operator.
    private async Task<long> SampleGroupAsync()
    {
        if (_groupId is null)
        {
            await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
            var group = new RobotGroup { Name = "样例组 " + Guid.NewGuid().ToString("N")[..6] };
            db.RobotGroups.Add(group);
            await db.SaveChangesAsync();
            _groupId = group.Id;
        }

        return _groupId.Value;
    }

    private static Task<HttpRequestMessage> Delete(string path) => Task.FromResult(new HttpRequestMessage(HttpMethod.Delete, path));

    private static Task<HttpRequestMessage> Post(string path) => Task.FromResult(new HttpRequestMessage(HttpMethod.Post, path));

    private static Task<HttpRequestMessage> Get(string path) => Task.FromResult(new HttpRequestMessage(HttpMethod.Get, path));

    private static Task<HttpRequestMessage> Json(HttpMethod method, string path, object body) =>
        Task.FromResult(new HttpRequestMessage(method, path) { Content = JsonContent.Create(body) });

    private static HttpRequestMessage BatchUpload(long taskId)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(RobotConfigCalls.Id(taskId)), "task_id" },
            { new ByteArrayContent("仓库,batch_size\n华东,5\n"u8.ToArray()), "file", "orders.csv" },
            { new StringContent("high"), "priority" },
        };
        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/batches") { Content = form };
    }

    private static HttpRequestMessage Upload(long taskId)
    {
        var form = new MultipartFormDataContent
        {
            { new StringContent(RobotConfigCalls.Id(taskId)), "task_id" },
            { new ByteArrayContent("{}"u8.ToArray()), "file", "matrix.json" },
        };
        return new HttpRequestMessage(HttpMethod.Post, "/api/v1/resources/upload/config") { Content = form };
    }
}

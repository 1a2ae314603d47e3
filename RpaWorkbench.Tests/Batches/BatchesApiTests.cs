using System.Net;
using System.Net.Http.Headers;
using System.Text;
using MiniExcelLibs;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Infrastructure.RestCalls;

namespace RpaWorkbench.Tests.Batches;

/// <summary><c>/api/v1/batches</c> and the template route over real HTTP on a real SQLite file, as docs/api-rest-batches.md promises.</summary>
public sealed class BatchesApiTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private static int _names;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RoundTrip_TemplateUploadReadActAndDownloadTheResult()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var taskId = await TaskAsync(client);

        var template = await client.GetAsync($"/api/v1/tasks/{taskId}/batch-template", Ct);
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", template.Content.Headers.ContentType?.MediaType);
        using var templateFile = new MemoryStream(await template.Content.ReadAsByteArrayAsync(Ct));
        Assert.Equal(["客户", "金额"], templateFile.Query(useHeaderRow: true).Cast<IDictionary<string, object?>>().Single().Keys);

        var created = await client.PostAsync("/api/v1/batches", Form(taskId, "客户,金额\n甲,1.5\n乙,2\n", ("name", "十二月"), ("priority", "high"), ("max_retries", "3")), Ct);
        var reply = await JsonAsync(created, HttpStatusCode.Created);
        var id = (long)reply["batch"]!["id"]!;
        Assert.Equal($"/api/v1/batches/{id}", created.Headers.Location?.OriginalString);
        Assert.Equal(("十二月", "high", 3, 2, "running"),
            ((string?)reply["batch"]!["name"], (string?)reply["batch"]!["priority"], (int)reply["batch"]!["max_retries"]!, (int)reply["batch"]!["item_count"]!, (string?)reply["batch"]!["state"]));
        Assert.Equal(0, (int)reply["skipped_rows"]!);

        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);
        var batch = await GetJsonAsync(viewer, $"/api/v1/batches/{id}");
        Assert.Equal(2, (int)batch["counts"]!["total"]!);
        Assert.Equal(["客户", "金额"], batch["columns"]!.AsArray().Select(c => (string?)c));
        var items = await GetJsonAsync(viewer, $"/api/v1/batches/{id}/items?page=1&page_size=1");
        Assert.Equal((2, 2, "甲"), ((int)items["total"]!, (int)items["items"]![0]!["row_number"]!, (string?)items["items"]![0]!["values"]!["客户"]));
        var list = await GetJsonAsync(viewer, $"/api/v1/batches?task_id={taskId}");
        Assert.Equal(id, (long)list["items"]![0]!["id"]!);

        Assert.Equal("paused", (string?)(await JsonAsync(await client.PostAsync($"/api/v1/batches/{id}/pause", null, Ct), HttpStatusCode.OK))["state"]);
        var again = await JsonAsync(await client.PostAsync($"/api/v1/batches/{id}/pause", null, Ct), HttpStatusCode.Conflict);
        Assert.Equal("BatchNotRunning", (string?)again["code"]);
        Assert.Equal("running", (string?)(await JsonAsync(await client.PostAsync($"/api/v1/batches/{id}/resume", null, Ct), HttpStatusCode.OK))["state"]);

        var result = await viewer.GetAsync($"/api/v1/batches/{id}/result?format=csv", Ct);
        Assert.Equal(HttpStatusCode.OK, result.StatusCode);
        Assert.Equal("text/csv", result.Content.Headers.ContentType?.MediaType);
        var csv = await result.Content.ReadAsByteArrayAsync(Ct);
        Assert.StartsWith("客户,金额,status,error,attempts,started_at,ended_at\r\n甲,1.5,", Encoding.UTF8.GetString(csv[3..]), StringComparison.Ordinal);
        var xlsx = await viewer.GetAsync($"/api/v1/batches/{id}/result", Ct);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", xlsx.Content.Headers.ContentType?.MediaType);

        Assert.Equal("cancelled", (string?)(await JsonAsync(await client.PostAsync($"/api/v1/batches/{id}/cancel", null, Ct), HttpStatusCode.OK))["state"]);
        Assert.Equal("BatchFinished", (string?)(await JsonAsync(await client.PostAsync($"/api/v1/batches/{id}/retry-failed", null, Ct), HttpStatusCode.Conflict))["code"]);
    }

    [Fact]
    public async Task Create_RefusedSheet_422NamingFileWithEveryErrorsRowColumnValueAndMessage()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var taskId = await TaskAsync(client);

        var problem = await JsonAsync(await client.PostAsync("/api/v1/batches", Form(taskId, "客户,金额\n甲,x\n,2\n"), Ct), HttpStatusCode.UnprocessableEntity);

        Assert.Equal(2, (int)problem["error_count"]!);
        Assert.Equal(["file"], problem["errors"]!.AsObject().Select(e => e.Key));
        var errors = problem["sheet_errors"]!.AsArray();
        Assert.Equal((2, "金额", "x", "ParameterInvalidDecimal"), ((int)errors[0]!["row"]!, (string?)errors[0]!["column"], (string?)errors[0]!["value"], (string?)errors[0]!["code"]));
        Assert.Equal((3, "客户", "Required"), ((int)errors[1]!["row"]!, (string?)errors[1]!["column"], (string?)errors[1]!["code"]));
        Assert.False(string.IsNullOrEmpty((string?)errors[1]!["message"]));
        Assert.Equal(0, (int)(await GetJsonAsync(client, $"/api/v1/batches?task_id={taskId}"))["total"]!);
    }

    [Fact]
    public async Task Create_SkipInvalidRows_201ListsTheRowsLeftOut()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var taskId = await TaskAsync(client);

        var reply = await JsonAsync(await client.PostAsync("/api/v1/batches", Form(taskId, "客户,金额\n甲,x\n乙,2\n", ("skip_invalid_rows", "true")), Ct), HttpStatusCode.Created);

        Assert.Equal((1, 1, 1), ((int)reply["batch"]!["item_count"]!, (int)reply["skipped_rows"]!, (int)reply["error_count"]!));
        Assert.Equal(2, (int)reply["errors"]![0]!["row"]!);
    }

    [Fact]
    public async Task Create_BadFields_422NamingEach()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var taskId = await TaskAsync(client);
        var noFile = new MultipartFormDataContent { { new StringContent("abc"), "task_id" }, { new StringContent("urgent"), "priority" }, { new StringContent("x"), "max_retries" } };

        var fields = await ProblemFieldsAsync(await client.PostAsync("/api/v1/batches", noFile, Ct), HttpStatusCode.UnprocessableEntity);
        var ranges = await ProblemFieldsAsync(await client.PostAsync("/api/v1/batches",
            Form(taskId, "客户,金额\n甲,1\n", ("max_retries", "11"), ("concurrency", "0"), ("skip_invalid_rows", "maybe")), Ct), HttpStatusCode.UnprocessableEntity);
        var range = await ProblemFieldsAsync(await client.PostAsync("/api/v1/batches", Form(taskId, "客户,金额\n甲,1\n", ("max_retries", "11"), ("concurrency", "0")), Ct),
            HttpStatusCode.UnprocessableEntity);

        Assert.Equal(["file", "max_retries", "priority", "task_id"], fields.Order(StringComparer.Ordinal));
        Assert.Equal(["skip_invalid_rows"], ranges);
        Assert.Equal(["concurrency", "max_retries"], range.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Create_NotASheetOrNotMultipart_415()
    {
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);
        var taskId = await TaskAsync(client);
        var pdf = new MultipartFormDataContent { { new StringContent(taskId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "task_id" } };
        pdf.Add(new ByteArrayContent("%PDF-1.7"u8.ToArray()), "file", "orders.pdf");

        Assert.Equal(["file"], await ProblemFieldsAsync(await client.PostAsync("/api/v1/batches", pdf, Ct), HttpStatusCode.UnsupportedMediaType));
        await ProblemFieldsAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/batches", "{}"), HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task UnknownBatchOrTask_404AndViewerCannotAct_403()
    {
        var viewer = await app.KeyClientAsync(ApiKeyScopes.Viewer);
        var client = await app.KeyClientAsync(ApiKeyScopes.Operator);

        foreach (var path in new[] { "/api/v1/batches/404404", "/api/v1/batches/404404/items", "/api/v1/batches/404404/result?format=xlsx", "/api/v1/tasks/404404/batch-template" })
        {
            await ProblemFieldsAsync(await viewer.GetAsync(path, Ct), HttpStatusCode.NotFound);
        }

        await ProblemFieldsAsync(await client.PostAsync("/api/v1/batches/404404/pause", null, Ct), HttpStatusCode.NotFound);
        await ProblemFieldsAsync(await viewer.PostAsync("/api/v1/batches/404404/cancel", null, Ct), HttpStatusCode.Forbidden);
        Assert.Equal(["format"], await ProblemFieldsAsync(await viewer.GetAsync("/api/v1/batches/1/result?format=pdf", Ct), HttpStatusCode.UnprocessableEntity));
        Assert.Equal(["state"], await ProblemFieldsAsync(await viewer.GetAsync("/api/v1/batches?state=done", Ct), HttpStatusCode.UnprocessableEntity));
    }

    private static MultipartFormDataContent Form(long taskId, string csv, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent { { new StringContent(taskId.ToString(System.Globalization.CultureInfo.InvariantCulture)), "task_id" } };
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(file, "file", "orders.csv");
        foreach (var (name, value) in fields)
        {
            form.Add(new StringContent(value), name);
        }

        return form;
    }

    private static async Task<long> TaskAsync(HttpClient client)
    {
        var n = Interlocked.Increment(ref _names);
        var account = await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/accounts",
            $$"""{ "shadow_bot_account": "batchapi{{n}}", "host_ip": "10.0.9.1", "port": 8001 }"""), HttpStatusCode.Created);
        var task = await JsonAsync(await SendAsync(client, HttpMethod.Post, "/api/v1/tasks",
            $$"""
            { "task_name": "批量{{n}}", "account_id": {{account["id"]}}, "app_name": "录单",
              "parameters": [ { "name": "客户", "type": "text", "required": true }, { "name": "金额", "type": "decimal", "required": true } ] }
            """), HttpStatusCode.Created);
        return (long)task["id"]!;
    }
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Executions;

namespace RpaWorkbench.Tests.Executions;

/// <summary><c>GET /api/v1/logs/export</c> through the real host: CSV for API keys and signed-in users of any role.</summary>
public abstract class LogExportTests(WebhookAppFactory app)
{
    private const string Path = "/api/v1/logs/export";
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_WithApiKey_IsUtf8WithBomHeaderChineseAndOperatorTimes()
    {
        var log = ExportTestLogs.Log("tygj-bom", new DateTime(2026, 11, 25, 16, 30, 0, DateTimeKind.Utc), app: "发票下载");
        log.ErrorMessage = "元素未找到：登录按钮";
        log.Outputs = """[{"name":"发票数","value":"12","type":"int"}]""";
        await AddAsync(log);

        var response = await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetAsync($"{Path}?account=tygj-bom", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Utf8Bom, bytes[..3]);
        var (header, rows) = ExportedCsv.Parse(bytes);
        Assert.Equal(
            [
                "id", "execution_id", "shadow_bot_account", "app_name", "status", "start_time", "end_time", "duration_seconds", "total_items",
                "success_items", "failed_items", "host_ip", "text", "error_message", "screenshot_url", "log_url", "task_id", "outputs",
            ],
            header);
        var row = Assert.Single(rows);
        Assert.Equal(("tygj-bom", "发票下载", "completed"), (row["shadow_bot_account"], row["app_name"], row["status"]));
        Assert.Equal(("2026-11-26 00:30:00", "2026-11-26 01:00:00"), (row["start_time"], row["end_time"]));
        Assert.Equal(("1800", "50", "48", "2"), (row["duration_seconds"], row["total_items"], row["success_items"], row["failed_items"]));
        Assert.Equal(("发票下载：处理 50 条", "元素未找到：登录按钮"), (row["text"], row["error_message"]));
        Assert.Equal(("", ""), (row["execution_id"], row["task_id"]));
        Assert.Equal("""[{"name":"发票数","value":"12","type":"int"}]""", row["outputs"]);
    }

    [Theory]
    [InlineData(Roles.Admin)]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Viewer)]
    public async Task Export_SignedInAnyRole_GetsTheCsv(string role)
    {
        await AddAsync(ExportTestLogs.Log("tygj-role-" + role, new DateTime(2026, 11, 20, 2, 0, 0, DateTimeKind.Utc)));
        var userName = "logs-" + role.ToLowerInvariant();
        await app.AddUserAsync(userName, "logs export pass phrase", role);
        var client = await app.SignedInAsync(userName, "logs export pass phrase");

        var (_, rows) = ExportedCsv.Parse(await client.GetByteArrayAsync($"{Path}?account=tygj-role-{role}", Ct));

        Assert.Equal("tygj-role-" + role, Assert.Single(rows)["shadow_bot_account"]);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://example.invalid\")")]
    [InlineData("+1+2")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\t=1")]
    [InlineData("\r=1")]
    public async Task Export_FormulaLikeText_IsPrefixedWhileNegativeNumbersStayNumbers(string formula)
    {
        var account = $"tygj-formula-{(int)formula[0]}";
        var log = ExportTestLogs.Log(account, new DateTime(2026, 11, 21, 1, 0, 0, DateTimeKind.Utc));
        (log.Text, log.ErrorMessage, log.AppName) = (formula, formula, formula);
        (log.DurationSeconds, log.FailedItems) = (-5, -3);
        await AddAsync(log);

        var (_, rows) = ExportedCsv.Parse(await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetByteArrayAsync($"{Path}?account={account}", Ct));

        var row = Assert.Single(rows);
        Assert.All(new[] { row["text"], row["error_message"], row["app_name"] }, cell => Assert.Equal("'" + formula, cell));
        Assert.Equal(("-5", "-3"), (row["duration_seconds"], row["failed_items"]));
    }

    [Fact]
    public async Task Export_Filter_OnlyMatchingRows()
    {
        var day = new DateTime(2026, 11, 10, 0, 0, 0, DateTimeKind.Utc);
        await AddAsync(
            ExportTestLogs.Log("tygj-filter", day.AddHours(-8), app: "订单同步", status: ExecutionStatus.Failed), // 11-10 00:00 Shanghai: in
            ExportTestLogs.Log("tygj-filter", day.AddHours(-8).AddSeconds(-1), app: "订单同步", status: ExecutionStatus.Failed), // 11-09 23:59:59: out
            ExportTestLogs.Log("tygj-filter", day.AddHours(15), app: "订单同步", status: ExecutionStatus.Failed), // 11-10 23:00: in
            ExportTestLogs.Log("tygj-filter", day.AddHours(16), app: "订单同步", status: ExecutionStatus.Failed), // 11-11 00:00: out
            ExportTestLogs.Log("tygj-filter", day.AddHours(1), app: "订单同步", status: ExecutionStatus.Completed),
            ExportTestLogs.Log("tygj-filter", day.AddHours(1), app: "库存盘点", status: ExecutionStatus.Failed),
            ExportTestLogs.Log("tygj-other", day.AddHours(1), app: "订单同步", status: ExecutionStatus.Failed));

        var (_, rows) = ExportedCsv.Parse(await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetByteArrayAsync(
            $"{Path}?account=tygj-filter&app=%E8%AE%A2%E5%8D%95%E5%90%8C%E6%AD%A5&status=failed&from=2026-11-10&to=2026-11-10", Ct));

        Assert.Equal(["2026-11-10 23:00:00", "2026-11-10 00:00:00"], rows.Select(r => r["start_time"]));
    }

    [Fact]
    public async Task Export_FreeText_MatchesSummaryOrError()
    {
        var start = new DateTime(2026, 11, 12, 3, 0, 0, DateTimeKind.Utc);
        var inError = ExportTestLogs.Log("tygj-text", start);
        inError.ErrorMessage = "验证码识别失败";
        var inSummary = ExportTestLogs.Log("tygj-text", start.AddHours(1));
        inSummary.Text = "本次验证码识别 3 次";
        await AddAsync(inError, inSummary, ExportTestLogs.Log("tygj-text", start.AddHours(2)));

        var (_, rows) = ExportedCsv.Parse(await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetByteArrayAsync($"{Path}?account=tygj-text&q=%E9%AA%8C%E8%AF%81%E7%A0%81", Ct));

        Assert.Equal(2, rows.Count);
    }

    [Theory]
    [InlineData("status=bogus", LogFilterQuery.StatusField)]
    [InlineData("from=25.11.2026", LogFilterQuery.FromField)]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-11-25&to=2026-11-23", "to")]
    public async Task Export_BadFilter_Is400NamingTheField(string query, string field)
    {
        var response = await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetAsync($"{Path}?{query}", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task Export_Anonymous_Gets401NotARedirect()
    {
        var response = await app.Browser().GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Export_UnknownApiKey_Gets401()
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "not-a-key-0123456789-abcdefghijklmnopqrstuvwxyz");

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync(Path, Ct)).StatusCode);
    }

    [Theory]
    [InlineData("from=2026-11-01&to=2026-11-25", "execution-logs-20261101-20261125.csv")]
    [InlineData("from=2026-11-01T08:30&to=2026-11-25T18:00", "execution-logs-20261101T0830-20261125T1800.csv")]
    [InlineData("from=2026-11-01", "execution-logs-from-20261101.csv")]
    [InlineData("to=2026-11-25", "execution-logs-until-20261125.csv")]
    [InlineData("", "execution-logs-all.csv")]
    public async Task Export_FileName_SaysTheRange(string query, string fileName)
    {
        using var response = await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetAsync($"{Path}?account=tygj-none&{query}", HttpCompletionOption.ResponseHeadersRead, Ct);

        var disposition = response.Content.Headers.ContentDisposition;
        Assert.Equal(fileName, disposition?.FileNameStar ?? disposition?.FileName?.Trim('"'));
    }

    private async Task AddAsync(params ExecutionLog[] logs) =>
        await ExportTestLogs.AddAsync(app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>(), logs, Ct);
}

public sealed class LogExportTestsOnSqlite(WebhookAppFactory app) : LogExportTests(app), IClassFixture<WebhookAppFactory>;

public sealed class LogExportTestsOnPostgreSql(PostgreSqlWebhookAppFactory app) : LogExportTests(app), IClassFixture<PostgreSqlWebhookAppFactory>;

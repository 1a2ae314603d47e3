using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Audit;

/// <summary><c>GET /api/v1/audit/export</c>: CSV for signed-in admins, exactly the filtered entries.</summary>
public sealed class AuditExportTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private const string Path = "/api/v1/audit/export";
    private const string Header = "time,time_utc,actor,action,target_type,target_id,target_name,changes,client_address";
    private static readonly byte[] Utf8Bom = [0xEF, 0xBB, 0xBF];

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_AsAdmin_IsUtf8WithBomHeaderAndChineseIntact()
    {
        await SeedAsync("导出员", "云仓收藏-10.0.0.1:8080", new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc));
        var admin = await app.SignedInAsync();

        var response = await admin.GetAsync($"{Path}?actor=%E5%AF%BC%E5%87%BA%E5%91%98", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("audit-", response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName, StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal(Utf8Bom, bytes[..3]);
        var lines = Lines(bytes);
        Assert.Equal(Header, lines[0]);
        var fields = Assert.Single(lines.Skip(1)).Split(',');
        Assert.Equal("2026-11-25 16:00:00 +08:00", fields[0]);
        Assert.Equal("2026-11-25T08:00:00Z", fields[1]);
        Assert.Equal(("导出员", AuditActions.AccountUpdated, "云仓收藏-10.0.0.1:8080"), (fields[2], fields[3], fields[6]));
        Assert.Contains("\"\"after\"\":\"\"云仓收藏\"\"", lines[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_FilterByDayAndAction_LeavesOtherEntriesOut()
    {
        await SeedAsync("filter-a", "in range", new DateTime(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc));
        await SeedAsync("filter-a", "day before", new DateTime(2026, 11, 19, 15, 59, 0, DateTimeKind.Utc));
        var admin = await app.SignedInAsync();

        var csv = await admin.GetByteArrayAsync($"{Path}?actor=filter-a&from=2026-11-20&to=2026-11-20&action={AuditActions.AccountUpdated}", Ct);

        Assert.Equal(["in range"], Lines(csv).Skip(1).Select(l => l.Split(',')[6]));
    }

    [Fact]
    public async Task Export_FormulaLikeName_IsEscapedForSpreadsheets()
    {
        await SeedAsync("formula-actor", "=HYPERLINK(\"http://example.invalid\")", new DateTime(2026, 11, 21, 1, 0, 0, DateTimeKind.Utc));
        var admin = await app.SignedInAsync();

        var csv = Lines(await admin.GetByteArrayAsync($"{Path}?actor=formula-actor", Ct));

        Assert.Contains("'=HYPERLINK", csv[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_BadDate_Is400NamingTheField()
    {
        var admin = await app.SignedInAsync();

        var response = await admin.GetAsync($"{Path}?from=25.11.2026", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.True(problem.GetProperty("errors").TryGetProperty(AuditQuery.FromField, out _));
    }

    [Fact]
    public async Task Export_EndBeforeStart_Is400NamingTo()
    {
        var admin = await app.SignedInAsync();

        var response = await admin.GetAsync($"{Path}?from=2026-11-25&to=2026-11-24", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").TryGetProperty("to", out _));
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Viewer)]
    public async Task Export_OtherRoles_Get403ProblemDetails(string role)
    {
        var userName = "export-" + role.ToLowerInvariant();
        await app.AddUserAsync(userName, "export pass phrase", role);
        var client = await app.SignedInAsync(userName, "export pass phrase");

        var response = await client.GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Export_Anonymous_Gets401NotARedirect()
    {
        var response = await app.Browser().GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Null(response.Headers.Location);
    }

    [Fact]
    public async Task Export_WithARobotKeyInsteadOfASession_Gets403()
    {
        var response = await app.Robot().GetAsync(Path, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task SeedAsync(string actor, string targetName, DateTime atUtc)
    {
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        db.AuditEntries.Add(new AuditEntry
        {
            AtUtc = atUtc,
            Actor = actor,
            Action = AuditActions.AccountUpdated,
            TargetType = AuditTargetTypes.Account,
            TargetId = "1",
            TargetName = targetName,
            Changes = new AuditChanges().Field("recent_app", "发票下载", "云仓收藏").ToJson(),
        });
        await db.SaveChangesAsync(Ct);
    }

    private static List<string> Lines(byte[] csv) =>
        Encoding.UTF8.GetString(csv.AsSpan(Utf8Bom.Length)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
}

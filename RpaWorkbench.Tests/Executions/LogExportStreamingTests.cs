using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Executions.Export;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Executions;

/// <summary>The export streams: rows leave the server while later ones are still unread, and a cancelled export stops.</summary>
public abstract class LogExportStreamingTests(DatabaseProvider provider)
{
    private const int Rows = 30_000;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Export_LargeSet_FirstRowsArriveBeforeTheOlderOnesAreRead()
    {
        await using var app = WebhookAppFactory.On(provider);
        await SeedAsync(app.Services, Rows);

        using var response = await (await app.KeyClientAsync(ApiKeyScopes.Viewer)).GetAsync("/api/v1/logs/export", HttpCompletionOption.ResponseHeadersRead, Ct);
        await using var body = await response.Content.ReadAsStreamAsync(Ct);
        var start = new byte[16 * 1024];
        await body.ReadExactlyAsync(start, Ct);
        // The newest rows are arriving; delete the older two thirds while the download is under way. A server that had
        // read the whole set before writing would still send every row.
        var deleted = await ReadAsync(app.Services, db => db.ExecutionLogs.Where(l => l.Id <= Rows - (2 * ExecutionLogExport.ChunkSize)).ExecuteDeleteAsync(Ct));
        var rest = new MemoryStream();
        await body.CopyToAsync(rest, Ct);

        var lines = Count(start) + Count(rest.ToArray());
        Assert.Equal(Rows - (2 * ExecutionLogExport.ChunkSize), deleted);
        Assert.InRange(lines - 1, ExecutionLogExport.ChunkSize, Rows - deleted + ExecutionLogExport.ChunkSize);
    }

    [Fact]
    public async Task Stream_Cancelled_StopsWithOperationCanceled()
    {
        await using var host = await new CoreTestHost(provider).MigrateAsync();
        await SeedAsync(host.Services, 2 * ExecutionLogExport.ChunkSize);
        using var cancel = new CancellationTokenSource();
        var read = 0;

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in host.Get<ExecutionLogExport>().StreamAsync(new ExecutionLogFilter()).WithCancellation(cancel.Token))
            {
                if (++read == 10)
                {
                    await cancel.CancelAsync();
                }
            }
        });
        Assert.Equal(10, read);
    }

    [Fact]
    public async Task Stream_AcrossChunks_EveryRowOnceNewestFirst()
    {
        await using var host = await new CoreTestHost(provider).MigrateAsync();
        var count = (2 * ExecutionLogExport.ChunkSize) + 7;
        await SeedAsync(host.Services, count, sameStartEvery: 3);

        var rows = new List<ExecutionLogExportRow>();
        await foreach (var row in host.Get<ExecutionLogExport>().StreamAsync(new ExecutionLogFilter()).WithCancellation(Ct))
        {
            rows.Add(row);
        }

        Assert.Equal(count, rows.Select(r => r.Id).Distinct().Count());
        Assert.Equal(rows.OrderByDescending(r => r.StartTimeUtc).ThenByDescending(r => r.Id).Select(r => r.Id), rows.Select(r => r.Id));
    }

    // Bulk rows in one statement: start times a second apart (or the same for runs of sameStartEvery, to test ties).
    private static Task<int> SeedAsync(IServiceProvider services, int count, int sameStartEvery = 1) => ReadAsync(services, db => db.Database.IsNpgsql()
        ? db.Database.ExecuteSqlAsync($"""
            INSERT INTO "ExecutionLogs" ("AppName", "ShadowBotAccount", "Status", "StartTime", "EndTime", "DurationSeconds",
                "TotalItems", "SuccessItems", "FailedItems", "LogInfo", "Screenshot", "Text", "ScreenshotUrl", "CreatedAt")
            SELECT '云仓收藏', 'tygj' || (i % 100), 'completed', TIMESTAMPTZ '2026-11-01Z' + (i / {sameStartEvery}) * INTERVAL '1 second',
                TIMESTAMPTZ '2026-11-01Z' + (i / {sameStartEvery} + 60) * INTERVAL '1 second', 60, 10, 10, 0, TRUE, TRUE,
                '云仓收藏：处理 10 条，成功 10 条', 'https://bucket.oss-cn-hangzhou.aliyuncs.com/run/' || i || '/screenshot.png',
                TIMESTAMPTZ '2026-11-01Z' + (i / {sameStartEvery} + 61) * INTERVAL '1 second'
            FROM generate_series(1, {count}) AS n(i)
            """, Ct)
        : db.Database.ExecuteSqlAsync($"""
            WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {count})
            INSERT INTO "ExecutionLogs" ("AppName", "ShadowBotAccount", "Status", "StartTime", "EndTime", "DurationSeconds",
                "TotalItems", "SuccessItems", "FailedItems", "LogInfo", "Screenshot", "Text", "ScreenshotUrl", "CreatedAt")
            SELECT '云仓收藏', 'tygj' || (i % 100), 'completed', datetime('2026-11-01', '+' || (i / {sameStartEvery}) || ' seconds'),
                datetime('2026-11-01', '+' || (i / {sameStartEvery} + 60) || ' seconds'), 60, 10, 10, 0, 1, 1,
                '云仓收藏：处理 10 条，成功 10 条', 'https://bucket.oss-cn-hangzhou.aliyuncs.com/run/' || i || '/screenshot.png',
                datetime('2026-11-01', '+' || (i / {sameStartEvery} + 61) || ' seconds')
            FROM n
            """, Ct));

    private static async Task<T> ReadAsync<T>(IServiceProvider services, Func<WorkbenchDbContext, Task<T>> action)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await action(db);
    }

    private static int Count(byte[] bytes) => bytes.AsSpan().Count((byte)'\n');
}

public sealed class LogExportStreamingTestsOnSqlite() : LogExportStreamingTests(DatabaseProvider.Sqlite);

public sealed class LogExportStreamingTestsOnPostgreSql() : LogExportStreamingTests(DatabaseProvider.PostgreSQL);

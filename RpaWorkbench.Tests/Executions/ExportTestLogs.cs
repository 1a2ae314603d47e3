using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Tests.Executions;

/// <summary>Execution logs as robots report them (with screenshot and log URLs), written straight into a test database for the export tests.</summary>
internal static class ExportTestLogs
{
    public static ExecutionLog Log(string account, DateTime startUtc, string app = "云仓收藏", ExecutionStatus status = ExecutionStatus.Completed) => new()
    {
        ShadowBotAccount = account,
        AppName = app,
        Status = status,
        StartTime = startUtc,
        EndTime = startUtc.AddMinutes(30),
        DurationSeconds = 1800,
        TotalItems = 50,
        SuccessItems = 48,
        FailedItems = 2,
        HostIp = "192.168.1.20",
        Text = $"{app}：处理 50 条",
        ScreenshotUrl = "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/1/screenshot.png",
        LogUrl = "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/1/log.txt",
        CreatedAt = startUtc.AddMinutes(31),
    };

    public static async Task AddAsync(IDbContextFactory<WorkbenchDbContext> contexts, IEnumerable<ExecutionLog> logs, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        db.ExecutionLogs.AddRange(logs);
        await db.SaveChangesAsync(cancellationToken);
    }
}

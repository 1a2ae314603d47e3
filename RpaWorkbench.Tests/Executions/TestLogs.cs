using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Tests.Executions;

/// <summary>Execution logs written straight to a test database, as ingest would have stored them.</summary>
internal static class TestLogs
{
    public static ExecutionLog Log(
        string account, string app, ExecutionStatus status, DateTime startUtc, double seconds = 600, string? text = null, string? error = null) => new()
    {
        ShadowBotAccount = account,
        AppName = app,
        Status = status,
        StartTime = startUtc,
        EndTime = startUtc.AddSeconds(seconds),
        DurationSeconds = seconds,
        Text = text ?? $"{app}：处理 10 条，成功 10 条，失败 0 条",
        ErrorMessage = error,
        TotalItems = 10,
        SuccessItems = 10,
        HostIp = "192.168.10.21",
        CreatedAt = startUtc.AddSeconds(seconds + 1),
    };

    /// <summary>Stores the logs and returns them with their ids.</summary>
    public static async Task<ExecutionLog[]> AddAsync(IServiceProvider services, params ExecutionLog[] logs)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
        db.ExecutionLogs.AddRange(logs);
        await db.SaveChangesAsync();
        return logs;
    }
}

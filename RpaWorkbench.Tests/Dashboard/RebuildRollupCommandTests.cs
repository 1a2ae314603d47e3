using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;
using static RpaWorkbench.Tests.Dashboard.DashboardRuns;

namespace RpaWorkbench.Tests.Dashboard;

/// <summary><c>rebuild-rollup</c> run as its own process on a database whose roll-ups were tampered with.</summary>
public abstract class RebuildRollupCommandTests(DatabaseProvider provider)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RebuildRollup_RecomputesBothRollupsFromTheLogs()
    {
        await using var host = await new CoreTestHost(provider).MigrateAsync();
        var now = host.Clock.GetUtcNow().UtcDateTime;
        host.Get<CallbackBatchWriter>().Write([
            Run("tygj00001", "对账", ExecutionStatus.Completed, now.AddHours(-1), 5),
            Run("tygj00001", "对账", ExecutionStatus.Failed, now.AddHours(-30), 9, error: "登录失败"),
        ]);
        var kept = await RowsAsync(host);
        var keptFailures = await DailyRollupTests.FailureRollupAsync(host);
        await host.ReadAsync(db => db.DailyRollups.ExecuteUpdateAsync(s => s.SetProperty(r => r.Runs, 99), Ct));
        await host.ReadAsync(db => db.FailureRollups.ExecuteDeleteAsync(Ct));

        var (exitCode, output) = await RunAsync(host);

        Assert.Equal(0, exitCode);
        Assert.Contains("2 day × account × app rows, 1 failure-message rows", output, StringComparison.Ordinal);
        Assert.Equal(kept, await RowsAsync(host));
        Assert.Equal("登录失败", Assert.Single(keptFailures).Message);
        Assert.Equal(keptFailures, await DailyRollupTests.FailureRollupAsync(host));
    }

    private static async Task<List<RollupRow>> RowsAsync(CoreTestHost host) =>
        DailyRollupTests.Rows(await host.ReadAsync(db => db.DailyRollups.AsNoTracking().ToListAsync(Ct)));

    private static async Task<(int ExitCode, string Output)> RunAsync(CoreTestHost host)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["ConnectionStrings__Workbench"] = host.ConnectionString,
                ["Workbench__Database__Provider"] = host.Provider.ToString(),
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "RpaWorkbench.Web.dll"));
        start.ArgumentList.Add("rebuild-rollup");
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(Ct);
        var error = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await output + await error);
    }
}

public sealed class RebuildRollupCommandTestsOnSqlite() : RebuildRollupCommandTests(DatabaseProvider.Sqlite);

public sealed class RebuildRollupCommandTestsOnPostgreSql() : RebuildRollupCommandTests(DatabaseProvider.PostgreSQL);

using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Web.Features.Dashboard;

/// <summary>
/// <c>rebuild-rollup</c> on the command line: recomputes the dashboard's roll-ups (daily and failure messages) from the execution logs, for
/// after a restore, a hand edit of the logs, or any doubt that it matches them.
/// </summary>
public static class RebuildRollupCommand
{
    private const string Verb = "rebuild-rollup";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == Verb;

    /// <summary>Runs the command and returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app)
    {
        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        var rebuilt = await app.Services.GetRequiredService<DailyRollupRebuilder>().RebuildAsync(CancellationToken.None);
        await Console.Out.WriteLineAsync(
            $"Dashboard roll-ups rebuilt from the execution logs: {rebuilt.Rows} day × account × app rows, {rebuilt.FailureRows} failure-message rows.");
        return 0;
    }
}

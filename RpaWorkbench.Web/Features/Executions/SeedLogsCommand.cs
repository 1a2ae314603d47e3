using System.Diagnostics;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Executions;

namespace RpaWorkbench.Web.Features.Executions;

/// <summary>
/// <c>seed-logs &lt;N&gt;</c> on the command line: adds N realistic execution logs to the configured database (see
/// <see cref="LogSeeder"/>), to try the logs page and dashboard at scale. Progress goes to standard output.
/// </summary>
public static class SeedLogsCommand
{
    private const string Verb = "seed-logs";

    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] == Verb;

    /// <summary>Runs the command and returns the process exit code.</summary>
    public static async Task<int> RunAsync(WebApplication app, string[] args)
    {
        // Further arguments are configuration (--ConnectionStrings:Workbench=...), read by the host.
        if (args.Length < 2 || !int.TryParse(args[1], NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            await Console.Error.WriteLineAsync("usage: seed-logs <N>   (N: how many execution logs to add, e.g. 1000000)");
            return 2;
        }

        await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
        var clock = Stopwatch.StartNew();
        var stored = await app.Services.GetRequiredService<LogSeeder>().SeedAsync(count, Environment.TickCount, stored =>
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{stored:N0} / {count:N0} logs ({clock.Elapsed.TotalSeconds:F1} s)")),
            CancellationToken.None);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Added {stored:N0} execution logs in {clock.Elapsed.TotalSeconds:F1} s ({stored / Math.Max(clock.Elapsed.TotalSeconds, 0.001):N0} a second)."));
        return 0;
    }
}

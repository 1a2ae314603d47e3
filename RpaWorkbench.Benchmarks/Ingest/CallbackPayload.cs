using System.Text;
using RpaWorkbench.Benchmarks.Accounts;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// The execution-complete body the load sends: the seed payload of docs/webhooks.md, a new run for every run number. The number is
/// the start time in seconds since the Unix epoch (UTC digits, read by the Workbench in the robots' zone), the run lasts
/// 30 minutes, and the robot and app follow from the number: every account of the seeded fleet, each on one app.
/// wrk builds the same bodies in <c>ingest.lua</c> from <see cref="Template"/> and <see cref="Apps"/>.
/// </summary>
public static class CallbackPayload
{
    /// <summary>The seeded fleet (<see cref="BenchmarkAccountSeeder"/>): callbacks come from registered robots.</summary>
    public const int Accounts = 10_000;

    public const int RunSeconds = 1800;

    /// <summary>The body with four <c>%s</c> (Lua's <c>string.format</c>): account, app, start time, end time.</summary>
    public const string Template = """
        { "shadow_bot_account": "%s", "app_name": "%s", "status": "completed",
          "start_time": "%s", "end_time": "%s",
          "duration_seconds": 1800,
          "result_summary": { "total_items": 50, "success_items": 48, "failed_items": 2 },
          "log_info": true, "screenshot": true,
          "screenshot_url": "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/screenshot.png",
          "log_url": "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/log.txt" }
        """;

    private static readonly string[] Parts = Template.Split("%s");

    public static IReadOnlyList<string> Apps => BenchmarkAccountSeeder.Apps;

    /// <summary>
    /// First run number of a load phase. Phases start 4,000,000 s (46 days) apart from 2030 on, so no two share a run
    /// unless one sends more than 4,000,000 requests, and about 500 phases fit before 2100 (the last year the Workbench
    /// accepts).
    /// </summary>
    public static long FirstRunOfPhase(int phase) =>
        new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds() + (phase * 4_000_000L);

    public static byte[] Build(long run)
    {
        var number = (int)(run % Accounts) + 1;
        var app = Apps[(int)(run % Apps.Count)];
        return Encoding.UTF8.GetBytes(string.Concat(
            Parts[0], BenchmarkAccountSeeder.AccountName(number), Parts[1], app, Parts[2], Time(run), Parts[3], Time(run + RunSeconds), Parts[4]));
    }

    private static string Time(long seconds) =>
        DateTime.UnixEpoch.AddSeconds(seconds).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}

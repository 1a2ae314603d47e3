using System.ComponentModel;
using ModelContextProtocol.Server;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Web.Features.Executions;

namespace RpaWorkbench.Web.Features.Mcp;

/// <summary>Runs (execution logs) and the dashboard: read with any key that may read.</summary>
[McpServerToolType]
internal sealed class RunTools
{
    public const int MaxLogContent = 20_000;
    public const int DefaultRunLimit = 20;
    public const int MaxRunLimit = 100;
    public const int MaxFailureDays = 90;
    private const int ExampleRuns = 3;

    [McpServerTool(Name = "get_run", ReadOnly = true, UseStructuredContent = true)]
    [Description("Gets one run (an execution log) with every field: status, times, item counts, summary text, error message, " +
                 "log text, output parameters (name, value, type), and links to its page, screenshot and log file (fetch them with the same API key).")]
    public static async Task<RunDetail> GetRun(
        ExecutionLogService logs,
        IHttpContextAccessor http,
        [Description("The run's id (from search_runs, failure_summary or a task's last_run_id).")] long run_id,
        CancellationToken cancellationToken = default)
    {
        var run = await logs.GetAsync(run_id, cancellationToken)
                  ?? throw McpArguments.Refusal("run_id", ErrorCodes.NotFound, $"No run has id {run_id}; search_runs finds runs and their ids.");
        var baseUrl = BaseUrl(http.HttpContext!.Request);
        var content = run.LogContent;
        var screenshot = run.Screenshot ? run.ScreenshotUrl : null;
        var log = run.LogInfo ? run.LogUrl : null;
        return new RunDetail(run.Id, run.ExecutionId, run.TaskId, run.TaskName, run.AccountId, run.ShadowBotAccount, run.HostIp, run.AppName,
            run.Status, run.StartTime, run.EndTime, run.DurationSeconds, run.TotalItems, run.SuccessItems, run.FailedItems, run.Text,
            run.ErrorMessage, content?.Length > MaxLogContent ? content[..MaxLogContent] : content, content?.Length > MaxLogContent,
            baseUrl + LogLinks.Detail(run.Id),
            string.IsNullOrEmpty(screenshot) ? null : baseUrl + LogLinks.Proxy(screenshot),
            string.IsNullOrEmpty(log) ? null : baseUrl + LogLinks.ProxyDownload(log),
            LogOutput.ListOf(run.Outputs), run.ShadowBotJobUuid);
    }

    [McpServerTool(Name = "search_runs", ReadOnly = true, UseStructuredContent = true)]
    [Description("Searches runs (execution logs), newest first, with the logs page's filters. Times are ISO-8601 (UTC unless an " +
                 "offset is given) and compare with the run's start: from is inclusive, to exclusive. E.g. today's failures: " +
                 "status=failed, from=<today 00:00 in your zone>. Returns at most 'limit' runs and how many match (counted up to 10,000).")]
    public static async Task<RunList> SearchRuns(
        ExecutionLogService logs,
        [Description("Exact robot account (shadow_bot_account).")] string? account = null,
        [Description("Exact app name (app_name).")] string? app = null,
        [Description("completed, failed, stopped, timed_out or lost.")] string? status = null,
        [Description("Runs that started at or after this time, e.g. 2026-12-01T00:00:00Z.")] string? from = null,
        [Description("Runs that started before this time.")] string? to = null,
        [Description("Text to find in the run's summary or error message.")] string? text = null,
        [Description("How many runs to return, 1-100 (default 20).")] int limit = DefaultRunLimit,
        CancellationToken cancellationToken = default)
    {
        var arguments = new McpArguments();
        var filter = new ExecutionLogFilter
        {
            Account = account,
            App = app,
            Status = arguments.Enum<ExecutionStatus>("status", status),
            FromUtc = arguments.Instant("from", from),
            ToUtc = arguments.Instant("to", to),
            Text = text,
        };
        arguments.Ordered(filter.FromUtc, filter.ToUtc);
        var pageSize = arguments.InRange("limit", limit, 1, MaxRunLimit);
        arguments.ThrowIfInvalid();

        var page = await logs.ListAsync(filter, ExecutionLogSort.StartTime, descending: true, page: 0, pageSize, cancellationToken);
        return new RunList(Math.Min(page.TotalCount, ExecutionLogService.CountCap), page.TotalCount > ExecutionLogService.CountCap,
            [.. page.Items.Select(RunItem.From)]);
    }

    [McpServerTool(Name = "failure_summary", ReadOnly = true, UseStructuredContent = true)]
    [Description("Summarises why runs failed (failed, timed_out and lost runs) over a window: the most frequent error messages " +
                 "with their counts, when each last happened, and a few example run ids to open with get_run. The window is " +
                 "the last 'days' days, or from/to when given (ISO-8601; a missing 'to' means now, a missing 'from' means 'days' before 'to'). " +
                 "At most the window's newest 10,000 failures are counted ('truncated' says so).")]
    public static async Task<FailureSummaryResult> FailureSummary(
        FailureSummaryService failures,
        TimeProvider clock,
        [Description("The window's length in days, 1-90 (default 7), ending now or at 'to'.")] int days = 7,
        [Description("The window's start, e.g. 2026-12-01T00:00:00Z.")] string? from = null,
        [Description("The window's end (exclusive).")] string? to = null,
        [Description("Only this robot account (shadow_bot_account).")] string? account = null,
        [Description("Only this app (app_name).")] string? app = null,
        CancellationToken cancellationToken = default)
    {
        var arguments = new McpArguments();
        var length = TimeSpan.FromDays(arguments.InRange("days", days, 1, MaxFailureDays));
        var end = arguments.Instant("to", to) ?? clock.GetUtcNow().UtcDateTime;
        var start = arguments.Instant("from", from) ?? end - length;
        arguments.Ordered(start, end);
        arguments.ThrowIfInvalid();

        var filter = new ExecutionLogFilter { Account = account, App = app, FromUtc = start, ToUtc = end };
        var summary = await failures.GetAsync(filter, DashboardService.TopFailureCount, ExampleRuns, cancellationToken);
        return new FailureSummaryResult(start, end, filter.Account, filter.App, summary.FailuresCounted, summary.Truncated, summary.Reasons);
    }

    [McpServerTool(Name = "dashboard_stats", ReadOnly = true, UseStructuredContent = true)]
    [Description("The performance dashboard's numbers for the last 7, 30 or 90 days (days in the Workbench's time zone, today " +
                 "included): runs and success rate today and yesterday, average duration, items processed, robots online, tasks " +
                 "running, failures in the last hour, the daily trend, the slowest apps and robot accounts (top 10 each) and the top failure messages.")]
    public static async Task<DashboardStats> DashboardStats(
        DashboardService dashboard,
        [Description("7, 30 or 90 (default 7).")] int days = 7,
        [Description("Only this robot account (shadow_bot_account).")] string? account = null,
        [Description("Only this app (app_name).")] string? app = null,
        CancellationToken cancellationToken = default)
    {
        var snapshot = await dashboard.GetAsync(new DashboardQuery(days, account, app), cancellationToken);
        return Mcp.DashboardStats.Of(snapshot);
    }

    private static string BaseUrl(HttpRequest request) => $"{request.Scheme}://{request.Host}{request.PathBase}/";
}

/// <summary>The dashboard for a period (<see cref="DashboardSnapshot"/>), its rankings cut to <see cref="TopRanked"/> each.</summary>
internal sealed record DashboardStats(
    DateOnly FirstDay, DateOnly Today, DateTime From, DateTime To, DashboardCards Cards, IReadOnlyList<DashboardDay> Trend,
    IReadOnlyList<DashboardRanking> SlowestApps, IReadOnlyList<DashboardRanking> SlowestAccounts, IReadOnlyList<FailureMessageCount> TopFailures)
{
    public const int TopRanked = 10;

    public static DashboardStats Of(DashboardSnapshot s) => new(s.FirstDay, s.Today, s.FromUtc, s.ToUtc, s.Cards, s.Trend,
        [.. s.Apps.Take(TopRanked)], [.. s.Accounts.Take(TopRanked)], s.TopFailures);
}

using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Features.ResourceProxy;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Executions;

/// <summary>
/// <c>GET /api/v1/logs</c> (the logs page's filter as its CSV export reads it, <see cref="LogFilterQuery"/>, with sort
/// and paging) and <c>GET /api/v1/logs/{id}</c> (one run with links to its screenshot and log through the resource
/// proxy, which takes the same key). Viewers and up; robot keys are refused by the Core (403).
/// </summary>
public static class LogsApi
{
    public const string SortField = "sort";
    public const string DescendingField = "descending";

    public static void MapLogsApi(this IEndpointRouteBuilder endpoints)
    {
        var logs = endpoints.MapRestGroup("/logs", "Logs");
        logs.MapGet("", ListAsync).Needs(ApiKeyScopes.Viewer).WithName("list-logs")
            .WithSummary("Execution logs matching the logs page's filters, newest start first, paged").WithMetadata(LogExamples.List)
            .TakesQuery(
                (LogFilterQuery.AccountField, "Exact robot account (shadow_bot_account)."),
                (LogFilterQuery.AppField, "Exact app name."),
                (LogFilterQuery.StatusField, "completed, failed, stopped, timed_out or lost."),
                (LogFilterQuery.FromField, "Runs that started at or after: a date (2026-11-25) or date and time (2026-11-25T08:30) in the operators' time zone, or an ISO-8601 instant with an offset."),
                (LogFilterQuery.ToField, "Runs that started before: as from; a date includes that whole day."),
                (LogFilterQuery.TextField, "Text in the summary or error message (searched in the newest 5,000 runs the other filters match)."),
                (SortField, "start_time (default), end_time, duration, account, app or status."),
                (DescendingField, "true (default) or false."),
                (ApiPaging.PageField, "Page number, from 1."),
                (ApiPaging.PageSizeField, "Runs per page, 1-200 (default 20)."))
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        // {id:long}: /api/v1/logs/export (the CSV) must stay its own route.
        logs.MapGet("/{id:long}", GetAsync).Needs(ApiKeyScopes.Viewer).WithName("get-log")
            .WithSummary("One run with every field and links to its screenshot and log").WithMetadata(LogExamples.One)
            .ProducesProblems([], StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<LogPage>> ListAsync(HttpRequest request, ExecutionLogService logs, OperatorTime time, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        ExecutionLogFilter? filter = null;
        try
        {
            filter = LogFilterQuery.Parse(time, Text(request, LogFilterQuery.AccountField), Text(request, LogFilterQuery.AppField),
                Text(request, LogFilterQuery.StatusField), Text(request, LogFilterQuery.FromField), Text(request, LogFilterQuery.ToField),
                Text(request, LogFilterQuery.TextField));
        }
        catch (ValidationFailedException ex)
        {
            errors.AddRange(ex.Errors);
        }

        var sort = QueryValues.Enum<ExecutionLogSort>(request, SortField, errors) ?? ExecutionLogSort.StartTime;
        var descending = QueryValues.Bool(request, DescendingField, errors) ?? true;
        var paging = ApiPaging.Read(request, ExecutionLogService.MaxPageSize, errors);
        QueryValues.ThrowIfAny(errors);

        var result = await logs.ListAsync(filter!, sort, descending, paging.Index, paging.PageSize, cancellationToken);
        var capped = result.TotalCount > ExecutionLogService.CountCap;
        return TypedResults.Ok(new LogPage(
            [.. result.Items.Select(LogItem.Of)],
            capped ? ExecutionLogService.CountCap : result.TotalCount,
            capped,
            paging.Page,
            paging.PageSize));
    }

    private static async Task<Ok<LogDetailItem>> GetAsync(long id, HttpRequest request, ExecutionLogService logs, CancellationToken cancellationToken)
    {
        var log = await logs.GetAsync(id, cancellationToken)
                  ?? throw new RuleViolationException(ErrorCodes.NotFound, $"Run {id} does not exist.");
        return TypedResults.Ok(LogDetailItem.Of(log, request.PathBase));
    }

    // The raw value: LogFilterQuery.Parse trims and judges it, exactly as for the CSV export.
    private static string? Text(HttpRequest request, string field) => request.Query[field].LastOrDefault();
}

/// <summary>
/// One page of runs. More than <see cref="ExecutionLogService.CountCap"/> matches are not counted: <c>total</c> is then
/// 10,000 and <c>total_is_lower_bound</c> true, and pages past the 10,000th row are empty (narrow the filter).
/// </summary>
public sealed record LogPage(IReadOnlyList<LogItem> Items, int Total, bool TotalIsLowerBound, int Page, int PageSize);

/// <summary>The robot's counts, named as in its execution-complete callback.</summary>
public sealed record ResultSummary(int TotalItems, int SuccessItems, int FailedItems);

/// <summary>A run in a list: <c>text</c> and <c>error_message</c> cut to 200 characters (the detail has them whole).</summary>
public sealed record LogItem(
    long Id,
    string ShadowBotAccount,
    string AppName,
    ExecutionStatus Status,
    DateTime StartTime,
    DateTime EndTime,
    double DurationSeconds,
    ResultSummary ResultSummary,
    string? Text,
    string? ErrorMessage,
    string? HostIp,
    bool HasScreenshot,
    bool HasLog)
{
    public static LogItem Of(ExecutionLogRow row) => new(
        row.Id, row.ShadowBotAccount, row.AppName, row.Status, row.StartTime, row.EndTime, row.DurationSeconds,
        new ResultSummary(row.TotalItems, row.SuccessItems, row.FailedItems), row.Text, row.ErrorMessage, row.HostIp,
        row.HasScreenshot, row.HasLog);
}

/// <summary>
/// Where a client fetches a run's files with its own key (app-relative; null when the robot sent none): the screenshot
/// and log inline or as downloads through the resource proxy, and the run's page for people.
/// </summary>
public sealed record LogFileLinks(string? Screenshot, string? ScreenshotDownload, string? Log, string? LogDownload, string Page);

/// <summary>
/// Every field of one run. <c>screenshot_url</c> and <c>log_url</c> are as the robot sent them (storage may need
/// credentials the client lacks); <c>links</c> fetch them through the Workbench. <c>outputs</c> is empty when the robot
/// reported none; <c>shadow_bot_job_uuid</c> is set for runs that were ShadowBot jobs.
/// </summary>
public sealed record LogDetailItem(
    long Id,
    string? ExecutionId,
    string ShadowBotAccount,
    string AppName,
    ExecutionStatus Status,
    DateTime StartTime,
    DateTime EndTime,
    double DurationSeconds,
    ResultSummary ResultSummary,
    string? Text,
    string? ErrorMessage,
    string? HostIp,
    bool LogInfo,
    bool Screenshot,
    string? ScreenshotUrl,
    string? LogUrl,
    string? LogContent,
    long? TaskId,
    string? TaskName,
    long? AccountId,
    DateTime CreatedAt,
    LogFileLinks Links,
    IReadOnlyList<LogOutput> Outputs,
    string? ShadowBotJobUuid)
{
    public static LogDetailItem Of(ExecutionLogDetail log, PathString pathBase)
    {
        string? Proxied(string? url, bool download) => url is null ? null : pathBase + ResourceProxyEndpoints.PathFor(url, download);
        var links = new LogFileLinks(
            Proxied(log.ScreenshotUrl, false), Proxied(log.ScreenshotUrl, true), Proxied(log.LogUrl, false), Proxied(log.LogUrl, true),
            pathBase + "/" + LogLinks.Detail(log.Id));
        return new LogDetailItem(
            log.Id, log.ExecutionId, log.ShadowBotAccount, log.AppName, log.Status, log.StartTime, log.EndTime, log.DurationSeconds,
            new ResultSummary(log.TotalItems, log.SuccessItems, log.FailedItems), log.Text, log.ErrorMessage, log.HostIp,
            log.LogInfo, log.Screenshot, log.ScreenshotUrl, log.LogUrl, log.LogContent, log.TaskId, log.TaskName, log.AccountId,
            log.CreatedAt, links, LogOutput.ListOf(log.Outputs), log.ShadowBotJobUuid);
    }
}

/// <summary>One output parameter of a run: its value as text, its type one of str, int, float, bool, file.</summary>
public sealed record LogOutput(string Name, string Value, string Type)
{
    /// <summary>The outputs stored for a run (<see cref="ExecutionLog.Outputs"/>); empty when none were reported.</summary>
    public static IReadOnlyList<LogOutput> ListOf(string? stored) => [.. RunOutputs.Parse(stored).Select(o => new LogOutput(o.Name, o.Value, o.Type))];
}

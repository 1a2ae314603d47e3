using RpaWorkbench.Core.Executions;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Executions;

/// <summary>The seed's completed run (<see cref="SeedValues"/>, its execution-complete callback) as examples of <c>/api/v1/logs</c>.</summary>
internal static class LogExamples
{
    // What the Workbench stores as the run's summary text for a completed run without an error (CallbackBatch).
    private const string Text = $"{SeedValues.App}: completed";

    private static readonly ExecutionLogRow Row = new(
        SeedValues.RunId, SeedValues.RunStart, SeedValues.RunEnd, SeedValues.DurationSeconds, SeedValues.Account, SeedValues.App,
        ExecutionStatus.Completed, Text, SeedValues.TotalItems, SeedValues.SuccessItems, SeedValues.FailedItems, ErrorMessage: null,
        SeedValues.HostIp, HasScreenshot: true, HasLog: true);

    private static readonly ExecutionLogDetail Detail = new(
        SeedValues.RunId, ExecutionId: null, Text, SeedValues.App, SeedValues.Account, SeedValues.HostIp, ExecutionStatus.Completed,
        SeedValues.RunStart, SeedValues.RunEnd, SeedValues.DurationSeconds, SeedValues.TotalItems, SeedValues.SuccessItems, SeedValues.FailedItems,
        LogInfo: true, Screenshot: true, SeedValues.ScreenshotUrl, SeedValues.LogUrl, LogContent: null, ErrorMessage: null, SeedValues.TaskId, SeedValues.App,
        SeedValues.AccountId, CreatedAt: SeedValues.RunEnd.AddSeconds(1), Outputs: null, ShadowBotJobUuid: null);

    public static readonly ApiExample[] List =
    [
        ApiExample.Of("seed", "The seed's completed run",
            new LogPage([LogItem.Of(Row)], Total: 1, TotalIsLowerBound: false, Page: 1, PageSize: ApiPaging.DefaultPageSize), StatusCodes.Status200OK),
    ];

    public static readonly ApiExample[] One =
        [ApiExample.Of("seed", "The seed's completed run, with links to its screenshot and log", LogDetailItem.Of(Detail, PathString.Empty), StatusCodes.Status200OK)];
}

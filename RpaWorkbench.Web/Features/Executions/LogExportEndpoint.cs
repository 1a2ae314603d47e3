using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using RpaWorkbench.Core.Executions.Export;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Export;

namespace RpaWorkbench.Web.Features.Executions;

/// <summary>
/// <c>GET /api/v1/logs/export?account=&amp;app=&amp;status=&amp;from=&amp;to=&amp;q=</c>: the execution logs of the logs
/// page's filter (<see cref="LogFilterQuery"/>) as CSV (<see cref="LogCsv"/>), newest start first, streamed from the
/// database. For signed-in users of any role and for scripts with an API key; 400 naming a bad filter field.
/// </summary>
public static class LogExportEndpoint
{
    public const string Path = "/api/v1/logs/export";

    public static IEndpointConventionBuilder MapLogExport(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet(Path, Export).RequireAuthorization(SecuritySetup.SessionOrApiKeyPolicy)
            .WithTags("Exports")
            .Needs(ApiKeyScopes.Viewer)
            .WithName("export-logs")
            .WithSummary("The execution logs of a filter as CSV, newest start first")
            .Produces<string>(contentType: "text/csv")
            .ProducesProblems([StatusCodes.Status400BadRequest], StatusCodes.Status401Unauthorized, StatusCodes.Status403Forbidden);

    private static IResult Export(
        HttpContext context,
        ExecutionLogExport export,
        OperatorTime time,
        [FromQuery(Name = LogFilterQuery.AccountField)] string? account,
        [FromQuery(Name = LogFilterQuery.AppField)] string? app,
        [FromQuery(Name = LogFilterQuery.StatusField)] string? status,
        [FromQuery(Name = LogFilterQuery.FromField)] string? from,
        [FromQuery(Name = LogFilterQuery.ToField)] string? to,
        [FromQuery(Name = LogFilterQuery.TextField)] string? text)
    {
        try
        {
            var filter = LogFilterQuery.Parse(time, account, app, status, from, to, text);
            var rows = export.StreamAsync(filter);
            return CsvExport.File(context, ExportNames.Logs, LogCsv.FileName(filter, time), LogCsv.Header, rows, LogCsv.Writer(time));
        }
        catch (ValidationFailedException ex)
        {
            return ApiProblems.Validation(context, ex, "The filter is not valid; nothing was exported.");
        }
        catch (AccessDeniedException ex)
        {
            return ApiProblems.Status(context, StatusCodes.Status403Forbidden, "Forbidden", ex.Message);
        }
    }
}

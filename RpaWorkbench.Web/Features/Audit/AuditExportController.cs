using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Web.Features.ApiDocs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Diagnostics;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Web.Features.Security;
using RpaWorkbench.Web.Infrastructure.Export;

namespace RpaWorkbench.Web.Features.Audit;

/// <summary>
/// <c>GET /api/v1/audit/export?from=&amp;to=&amp;actor=&amp;action=&amp;target_type=&amp;target=</c>: the audit entries of a
/// filter as CSV, streamed. For admins: signed in, or an admin-scoped API key whose owner is still an admin; 401
/// without either, 403 for other roles and scopes, 400 naming a bad filter field.
/// </summary>
[Route("api/v1/audit")]
// Visible to the OpenAPI document (MVC describes only [ApiController]s unless told).
[ApiExplorerSettings(IgnoreApi = false)]
[Authorize(Policy = SecuritySetup.SessionOrApiKeyPolicy, Roles = Roles.Admin)]
public sealed class AuditExportController(AuditQueryService audit, OperatorTime time, TimeProvider clock) : ControllerBase
{
    [HttpGet("export", Name = "export-audit")]
    [NeedsScope(ApiKeyScopes.Admin)]
    [Tags("Exports"), EndpointSummary("The audit entries of a filter as CSV (admins: signed in or an admin key)")]
    [ProducesResponseType<string>(StatusCodes.Status200OK, "text/csv")]
    [ProducesResponseType<HttpValidationProblemDetails>(StatusCodes.Status400BadRequest, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status401Unauthorized, "application/problem+json")]
    [ProducesResponseType<ProblemDetails>(StatusCodes.Status403Forbidden, "application/problem+json")]
    public IResult Export(
        [FromQuery(Name = AuditQuery.FromField)] string? from,
        [FromQuery(Name = AuditQuery.ToField)] string? to,
        [FromQuery(Name = AuditQuery.ActorField)] string? actor,
        [FromQuery(Name = AuditQuery.ActionField)] string? action,
        [FromQuery(Name = AuditQuery.TargetTypeField)] string? targetType,
        [FromQuery(Name = AuditQuery.TargetField)] string? target)
    {
        IAsyncEnumerable<AuditRow> rows;
        try
        {
            rows = audit.StreamAsync(AuditFilter.Parse(from, to, actor, action, targetType, target));
        }
        catch (ValidationFailedException ex)
        {
            return ApiProblems.Validation(HttpContext, ex, "The filter is not valid; nothing was exported.");
        }
        catch (AccessDeniedException ex)
        {
            return ApiProblems.Status(HttpContext, StatusCodes.Status403Forbidden, "Forbidden", ex.Message);
        }

        var fileName = $"audit-{time.ToOperator(clock.GetUtcNow().UtcDateTime):yyyyMMdd-HHmmss}.csv";
        return CsvExport.File(HttpContext, ExportNames.Audit, fileName, AuditCsv.Header, rows, AuditCsv.Writer(time));
    }
}

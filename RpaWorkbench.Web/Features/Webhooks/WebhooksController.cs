using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Web.Features.Diagnostics;
using RpaWorkbench.Web.Features.Security;

namespace RpaWorkbench.Web.Features.Webhooks;

/// <summary>
/// The ShadowBot callback contract (paths and snake_case fields are fixed: robots in the field call them).
/// Each call is answered only after it is durably stored; a rejected call stores nothing.
/// </summary>
// Not [ApiController]: its model-state and client-error filters would run on every callback for nothing (the body
// is read and validated here, and errors are written by ApiProblems).
[Route("api/v1/webhook")]
[Authorize(AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName)]
[EnableRateLimiting(WebhookRateLimitPolicy.Name)]
[BodyLimit(MaxBodyBytes)]
public sealed class WebhooksController(CallbackParser parser, CallbackIngestQueue ingest) : ControllerBase
{
    public const int MaxBodyBytes = 1024 * 1024;

    [HttpPost("execution-complete")]
    public Task<IResult> ExecutionComplete(CancellationToken cancellationToken) => HandleAsync(parser.ParseExecution, cancellationToken);

    [HttpPost("confirm")]
    public Task<IResult> Confirm(CancellationToken cancellationToken) => HandleAsync(parser.ParseConfirm, cancellationToken);

    [HttpPost("heartbeat")]
    public Task<IResult> Heartbeat(CancellationToken cancellationToken) => HandleAsync(parser.ParseHeartbeat, cancellationToken);

    private async Task<IResult> HandleAsync(Func<JsonElement, Callback> parse, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync(Request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (body)
        {
            try
            {
                var receipt = await ingest.SubmitAsync(parse(body!.RootElement), cancellationToken);
                return TypedResults.Json(new WebhookReply(true, receipt.Id, receipt.Duplicate), WebhookJson.Default.WebhookReply);
            }
            catch (ValidationFailedException ex)
            {
                return ApiProblems.Validation(HttpContext, ex, "One or more fields are invalid; nothing was stored.");
            }
            catch (IngestUnavailableException ex)
            {
                Response.Headers.RetryAfter = "5";
                return ApiProblems.Status(HttpContext, StatusCodes.Status503ServiceUnavailable, "Not stored, retry", ex.Message);
            }
        }
    }
}

/// <summary><c>{ "success": true, "id": ..., "duplicate": false }</c>; duplicate is true when the run was already stored.</summary>
public sealed record WebhookReply(
    [property: System.Text.Json.Serialization.JsonPropertyName("success")] bool Success,
    [property: System.Text.Json.Serialization.JsonPropertyName("id")] long? Id,
    [property: System.Text.Json.Serialization.JsonPropertyName("duplicate")] bool Duplicate);

/// <summary>Source-generated serialization for the reply sent to every callback.</summary>
[System.Text.Json.Serialization.JsonSerializable(typeof(WebhookReply))]
internal sealed partial class WebhookJson : System.Text.Json.Serialization.JsonSerializerContext;

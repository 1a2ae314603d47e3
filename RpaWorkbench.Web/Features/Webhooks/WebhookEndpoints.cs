using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Features.ApiKeys;

namespace RpaWorkbench.Web.Features.Webhooks;

/// <summary>
/// The ShadowBot callback contract (paths and snake_case fields are fixed: robots in the field call them).
/// Each call is answered only after it is durably stored; a rejected call stores nothing.
/// </summary>
/// <remarks>
/// Minimal handlers that bind only services, not MVC: thousands of callbacks a second each pay for every layer on their
/// path, and these only read the body, call the Core and write the reply or problem details.
/// </remarks>
public static class WebhookEndpoints
{
    public const string Prefix = "/api/v1/webhook";
    public const int MaxBodyBytes = 1024 * 1024;

    public static RouteGroupBuilder MapWebhooks(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(Prefix)
            // Robot keys only: a person's key (viewer, operator, admin) is refused 403, so a leaked script key cannot forge runs.
            .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName, Roles = Roles.Robot })
            .RequireRateLimiting(WebhookRateLimitPolicy.Name)
            .WithMetadata(new BodyLimitAttribute(MaxBodyBytes))
            .WithTags("Webhooks")
            .ProducesProblems([StatusCodes.Status400BadRequest], StatusCodes.Status401Unauthorized, StatusCodes.Status413PayloadTooLarge,
                StatusCodes.Status415UnsupportedMediaType, StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        Map(group, "execution-complete", "An app has ended: stores one execution log", typeof(ExecutionCompleteBody), WebhookExamples.ExecutionComplete,
            static (parser, body) => parser.ParseExecution(body));
        Map(group, "confirm", "An app has started: the task and its account become running", typeof(ConfirmBody), WebhookExamples.Confirm,
            static (parser, body) => parser.ParseConfirm(body));
        Map(group, "heartbeat", "The robot is alive: its account is online", typeof(HeartbeatBody), WebhookExamples.Heartbeat,
            static (parser, body) => parser.ParseHeartbeat(body));
        group.MapShadowBotCallback();
        return group;
    }

    // A handler with services as parameters (not a bare RequestDelegate) so the route is in the OpenAPI document; its
    // body is still read by hand.
    private static void Map(RouteGroupBuilder group, string name, string summary, Type body, ApiExample[] examples,
        Func<CallbackParser, JsonElement, Callback> parse) =>
        group.MapPost(name, (HttpContext context, CallbackParser parser, CallbackIngestQueue queue) => ReplyAsync(context, parser, queue, parse))
            .Needs(ApiKeyScopes.Robot)
            .WithName("webhook-" + name)
            .WithSummary(summary)
            .WithMetadata([new ApiRequestBody(body), .. examples])
            .Produces<WebhookReply>();

    private static async Task<IResult> ReplyAsync(
        HttpContext context, CallbackParser parser, CallbackIngestQueue queue, Func<CallbackParser, JsonElement, Callback> parse)
    {
        var cancellationToken = context.RequestAborted;
        var (body, problem) = await JsonBody.ReadAsync(context.Request, MaxBodyBytes, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        using (body)
        {
            return await StoreAsync(context, async () =>
            {
                var receipt = await queue.SubmitAsync(parse(parser, body!.RootElement), cancellationToken);
                return TypedResults.Json(new WebhookReply(true, receipt.Id, receipt.Duplicate), WebhookJson.Default.WebhookReply);
            });
        }
    }

    /// <summary>Runs <paramref name="store"/>: refused fields answer 400, a store that failed 503 so the robot retries.</summary>
    internal static async Task<IResult> StoreAsync(HttpContext context, Func<Task<IResult>> store)
    {
        try
        {
            return await store();
        }
        catch (ValidationFailedException ex)
        {
            context.RequestServices.GetRequiredService<WorkbenchMetrics>().CallbackRejected(CallbackRejections.Invalid);
            return ApiProblems.Validation(context, ex, "One or more fields are invalid; nothing was stored.");
        }
        catch (IngestUnavailableException ex)
        {
            context.Response.Headers.RetryAfter = "5";
            return ApiProblems.Status(context, StatusCodes.Status503ServiceUnavailable, "Not stored, retry", ex.Message);
        }
    }
}

/// <summary><c>{ "success": true, "id": ..., "duplicate": false }</c>; duplicate is true when the run was already stored.</summary>
public sealed record WebhookReply(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("id")] long? Id,
    [property: JsonPropertyName("duplicate")] bool Duplicate);

/// <summary>Source-generated serialization for the reply sent to every callback.</summary>
[JsonSerializable(typeof(WebhookReply))]
internal sealed partial class WebhookJson : JsonSerializerContext;

using System.Text.Json.Serialization;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Features.ApiKeys;

namespace RpaWorkbench.Web.Features.Webhooks;

/// <summary>
/// <c>POST /api/v1/webhook/shadowbot</c>: ShadowBot's native job and task callbacks (docs/robots-shadowbot-callbacks.md).
/// Ended jobs go through the same group commit as <c>execution-complete</c>, so a 2xx means stored; ShadowBot cannot
/// send headers, so this route alone also takes the robot key as <c>?key=</c>.
/// </summary>
public static class ShadowBotCallbackEndpoint
{
    public const string Name = "shadowbot";

    public static void MapShadowBotCallback(this RouteGroupBuilder webhooks) =>
        webhooks.MapPost(Name, (HttpContext context, ShadowBotCallbackParser parser, CallbackIngestQueue queue,
                IOptionsMonitor<ShadowBotOptions> options, TimeProvider clock) => ReplyAsync(context, parser, queue, options.CurrentValue, clock))
            .Needs(ApiKeyScopes.Robot)
            .WithMetadata(new ApiKeyInQuery())
            .WithName("webhook-shadowbot")
            .WithSummary("ShadowBot's native callback: a job or task has ended (key in ?key=)")
            .WithMetadata([new ApiRequestBody(typeof(ShadowBotCallbackBody)), .. ShadowBotCallbackExamples.All])
            .Produces<ShadowBotReply>();

    private static async Task<IResult> ReplyAsync(
        HttpContext context, ShadowBotCallbackParser parser, CallbackIngestQueue queue, ShadowBotOptions options, TimeProvider clock)
    {
        var cancellationToken = context.RequestAborted;
        var (body, problem) = await JsonBody.ReadAsync(context.Request, WebhookEndpoints.MaxBodyBytes, cancellationToken, raw =>
            ShadowBotSignature.Refusal(context.Request.Query, raw.Span, clock.GetUtcNow(), options.CallbackMaxAge) is { } refused
                ? ApiProblems.Field(context, StatusCodes.Status401Unauthorized, new Dictionary<string, string[]> { [refused.Field] = [refused.Message] },
                    "The callback's signature does not hold; nothing was stored.")
                : null);
        if (problem is not null)
        {
            return problem;
        }

        using (body)
        {
            return await WebhookEndpoints.StoreAsync(context, async () =>
            {
                var callback = parser.Parse(body!.RootElement);
                // The jobs of a task go in together, so they usually share one commit; each is deduplicated on its jobUuid,
                // so ShadowBot's retry after a partial failure stores only what is missing.
                var receipts = await Task.WhenAll(callback.Runs.Select(run => queue.SubmitAsync(run, cancellationToken)));
                var runs = callback.Runs.Zip(receipts, (run, receipt) => new ShadowBotStoredRun(run.ShadowBotJobUuid!, receipt.Id, receipt.Duplicate));
                var message = callback.NotEnded.Count == 0 ? null : $"Not ended, nothing stored for: {string.Join(", ", callback.NotEnded)}.";
                return TypedResults.Json(new ShadowBotReply(true, [.. runs], message), ShadowBotJson.Default.ShadowBotReply);
            });
        }
    }
}

/// <summary>One ended job and the execution log it is stored as (duplicate: stored by an earlier delivery).</summary>
public sealed record ShadowBotStoredRun(
    [property: JsonPropertyName("jobUuid")] string JobUuid,
    [property: JsonPropertyName("id")] long? Id,
    [property: JsonPropertyName("duplicate")] bool Duplicate);

/// <summary>
/// <c>{ "success": true, "runs": [...], "message": null }</c>; <c>runs</c> is empty and <c>message</c> says so when
/// the job or task has not ended yet.
/// </summary>
public sealed record ShadowBotReply(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("runs")] IReadOnlyList<ShadowBotStoredRun> Runs,
    [property: JsonPropertyName("message")] string? Message);

[JsonSerializable(typeof(ShadowBotReply))]
internal sealed partial class ShadowBotJson : JsonSerializerContext;

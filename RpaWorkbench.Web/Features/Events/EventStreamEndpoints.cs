using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Web.Features.ApiDocs;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Web.Features.Events;

/// <summary>
/// <c>GET /api/v1/events</c>: account, task and run events as Server-Sent Events (docs/api-events.md), with the seed's
/// <c>GET /api/v1/sse/events</c> (the same stream, heartbeats as <c>event: heartbeat</c>) and <c>GET /api/v1/sse/status</c>.
/// For signed-in users and API keys, with the same read check as the logs export.
/// </summary>
public static class EventStreamEndpoints
{
    public const string Path = "/api/v1/events";
    public const string SeedPath = "/api/v1/sse/events";
    public const string StatusPath = "/api/v1/sse/status";

    /// <summary>How long a client waits before reconnecting (the SSE <c>retry</c> field).</summary>
    private const string RetryFrame = "retry: 3000\n\n";

    private static readonly JsonSerializerOptions SnakeCase = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static IServiceCollection AddEventStream(this IServiceCollection services) =>
        services.AddSingleton<StreamedEvents>().AddSingleton<EventStreamHub>();

    public static void MapEventStream(this IEndpointRouteBuilder endpoints)
    {
        Stream(endpoints.MapGet(Path, (HttpContext context, EventStreamHub hub) => StreamAsync(context, hub, heartbeatAsEvent: false)))
            .WithName("events").WithSummary("Accounts, tasks and runs as they change (Server-Sent Events)");
        Stream(endpoints.MapGet(SeedPath, (HttpContext context, EventStreamHub hub) => StreamAsync(context, hub, heartbeatAsEvent: true)))
            .WithName("sse-events").WithSummary("The same stream at the old system's path, heartbeats as events");
        endpoints.MapGet(StatusPath, Status).RequireAuthorization(SecuritySetup.SessionOrApiKeyPolicy).Needs(ApiKeyScopes.Viewer)
            .Produces<EventStreamStatus>()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("sse-status").WithSummary("How many clients are connected, the last event id and the resume window");
    }

    // What the handler writes itself, declared for the API description.
    private static RouteHandlerBuilder Stream(RouteHandlerBuilder route) => route
        .Needs(ApiKeyScopes.Viewer)
        .RequireAuthorization(SecuritySetup.SessionOrApiKeyPolicy)
        .Produces(StatusCodes.Status200OK, contentType: "text/event-stream")
        .ProducesValidationProblem()
        .ProducesProblem(StatusCodes.Status401Unauthorized)
        .ProducesProblem(StatusCodes.Status403Forbidden);

    private static Results<JsonHttpResult<EventStreamStatus>, JsonHttpResult<ProblemDetails>> Status(
        HttpContext context, ICurrentUser user, EventStreamHub hub) =>
        Refusal(context, user) is { } refused ? refused : TypedResults.Json(hub.Status(), SnakeCase);

    private static async Task StreamAsync(HttpContext context, EventStreamHub hub, bool heartbeatAsEvent)
    {
        var query = EventStreamQuery.Read(context.Request);
        IResult? refused = query.Errors.Count > 0
            ? ApiProblems.Validation(context, query.Errors, "The event stream's filter or Last-Event-ID is not valid.")
            : Refusal(context, context.RequestServices.GetRequiredService<ICurrentUser>());
        if (refused is not null)
        {
            await refused.ExecuteAsync(context);
            return;
        }

        var response = context.Response;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-store";
        // Proxies (nginx) must pass each event on as it comes.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var stopping = context.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        using var client = hub.Connect(query.Filter, query.LastEventId, heartbeatAsEvent);
        try
        {
            await response.WriteAsync(RetryFrame, ended.Token);
            await response.Body.FlushAsync(ended.Token);
            await WriteFramesAsync(response, client, ended.Token);
        }
        catch (Exception ex) when (ended.IsCancellationRequested && ex is OperationCanceledException or IOException)
        {
            // The client went away or the host is stopping: the stream simply ends.
        }
    }

    private static async Task WriteFramesAsync(HttpResponse response, EventStreamClient client, CancellationToken cancellationToken)
    {
        var frames = client.Frames;
        while (await frames.WaitToReadAsync(cancellationToken))
        {
            // Everything already waiting goes out in one flush.
            while (frames.TryRead(out var frame))
            {
                await response.WriteAsync(frame, cancellationToken);
            }

            await response.Body.FlushAsync(cancellationToken);
        }
    }

    private static JsonHttpResult<ProblemDetails>? Refusal(HttpContext context, ICurrentUser user)
    {
        try
        {
            user.RequireRead();
            return null;
        }
        catch (AccessDeniedException ex)
        {
            return ApiProblems.Status(context, StatusCodes.Status403Forbidden, "Forbidden", ex.Message);
        }
    }
}

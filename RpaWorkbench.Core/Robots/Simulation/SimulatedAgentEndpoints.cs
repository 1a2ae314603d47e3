using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary>
/// The robot agent protocol, as <see cref="HttpRobotAgent"/> speaks it: <c>POST {robot}/start</c> and
/// <c>POST {robot}/stop</c> with the JSON of <see cref="RobotStartRequest"/> / <see cref="RobotStopRequest"/>, where
/// <c>{robot}</c> is the account's task control. Answers: 200 accepted (also for a repeated start or an unknown stop),
/// 409 busy with another run, 400 for a body it cannot use — always with a small JSON body.
/// </summary>
internal sealed class SimulatedAgentEndpoints(SimulatedRobots robots, IOptions<RobotOptions> options)
{
    private const int MaxRunIdLength = 128;

    public void Map(IEndpointRouteBuilder agent, CancellationToken shutdown)
    {
        var paths = options.Value;
        agent.MapPost($"/{{taskControl}}/{paths.StartPath.Trim('/')}", context => StartAsync(context, shutdown));
        agent.MapPost($"/{{taskControl}}/{paths.StopPath.Trim('/')}", StopAsync);
    }

    private async Task StartAsync(HttpContext context, CancellationToken shutdown)
    {
        var request = await ReadAsync<RobotStartRequest>(context);
        var problem = request is null ? "The body must be a JSON start request." : Problem(request.RunId, request.ShadowBotAccount, request.AppName);
        if (problem is not null)
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, new AgentMessage(problem));
            return;
        }

        var answer = robots.Start(TaskControl(context), request!, shutdown);
        await (answer.Outcome == StartOutcome.Busy
            ? AnswerAsync(context, StatusCodes.Status409Conflict, new AgentMessage(answer.Message!))
            : AnswerAsync(context, StatusCodes.Status200OK, new AgentRunState(request!.RunId, "accepted", answer.Outcome == StartOutcome.Duplicate)));
    }

    private async Task StopAsync(HttpContext context)
    {
        var request = await ReadAsync<RobotStopRequest>(context);
        var problem = request is null ? "The body must be a JSON stop request." : RunIdProblem(request.RunId);
        if (problem is not null)
        {
            await AnswerAsync(context, StatusCodes.Status400BadRequest, new AgentMessage(problem));
            return;
        }

        var stopping = robots.Stop(TaskControl(context), request!.RunId);
        await AnswerAsync(context, StatusCodes.Status200OK, new AgentRunState(request.RunId, stopping ? "stopping" : "not_running", Duplicate: null));
    }

    private static string? Problem(string? runId, string? account, string? appName) =>
        RunIdProblem(runId)
        ?? (string.IsNullOrWhiteSpace(account) ? "shadow_bot_account is required."
            : string.IsNullOrWhiteSpace(appName) ? "app_name is required." : null);

    private static string? RunIdProblem(string? runId) =>
        string.IsNullOrWhiteSpace(runId) ? "run_id is required."
        : runId.Length > MaxRunIdLength ? $"run_id must be at most {MaxRunIdLength} characters." : null;

    private static string TaskControl(HttpContext context) => (string)context.Request.RouteValues["taskControl"]!;

    private static async Task<T?> ReadAsync<T>(HttpContext context) where T : class
    {
        try
        {
            return await JsonSerializer.DeserializeAsync<T>(context.Request.Body, cancellationToken: context.RequestAborted);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Task AnswerAsync<T>(HttpContext context, int status, T body)
    {
        context.Response.StatusCode = status;
        return context.Response.WriteAsJsonAsync(body, context.RequestAborted);
    }

    private sealed record AgentMessage([property: JsonPropertyName("message")] string Message);

    private sealed record AgentRunState(
        [property: JsonPropertyName("run_id")] string RunId,
        [property: JsonPropertyName("state")] string State,
        [property: JsonPropertyName("duplicate"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] bool? Duplicate);
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Polly.Timeout;

namespace RpaWorkbench.Core.Robots;

/// <summary>
/// Talks to robot agents over HTTP (JSON, snake_case). Timeouts and retries come from the client's resilience
/// pipeline (see <see cref="RobotServiceCollectionExtensions"/>); retrying a start is safe because the agent
/// de-duplicates by run id, which is also sent as the <c>Idempotency-Key</c> header.
/// </summary>
internal sealed class HttpRobotAgent(
    HttpClient http,
    RobotAddresses addresses,
    IOptions<RobotOptions> options,
    ILogger<HttpRobotAgent> logger) : IRobotAgent
{
    private const int MaxDetailLength = 300;

    public Task<RobotAgentResult> StartAsync(RobotEndpoint robot, RobotStartRequest request, CancellationToken cancellationToken) =>
        SendAsync(robot, options.Value.StartPath, request, request.RunId, cancellationToken);

    public Task<RobotAgentResult> StopAsync(RobotEndpoint robot, RobotStopRequest request, CancellationToken cancellationToken) =>
        SendAsync(robot, options.Value.StopPath, request, request.RunId, cancellationToken);

    private async Task<RobotAgentResult> SendAsync<T>(RobotEndpoint robot, string path, T body, string runId, CancellationToken cancellationToken)
    {
        if (!addresses.TryResolve(robot, out var baseAddress, out var problem))
        {
            return new RobotAgentResult(RobotAgentOutcome.Unreachable, problem);
        }

        var target = new Uri(baseAddress, path.TrimStart('/'));
        using var message = new HttpRequestMessage(HttpMethod.Post, target) { Content = JsonContent.Create(body) };
        message.Headers.Add("Idempotency-Key", runId);
        try
        {
            using var response = await http.SendAsync(message, cancellationToken);
            return response.IsSuccessStatusCode
                ? RobotAgentResult.Accepted
                : await FailureAsync(response, target, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
                                   && ex is HttpRequestException or TimeoutRejectedException or TaskCanceledException)
        {
            logger.LogWarning("Robot agent {Target} could not be reached: {Reason}", target, ex.Message);
            var robots = options.Value;
            return new RobotAgentResult(RobotAgentOutcome.Unreachable,
                $"The robot at {target.GetLeftPart(UriPartial.Authority)} could not be reached " +
                $"({robots.MaxRetries + 1} attempts, {robots.AttemptTimeout.TotalSeconds:0.#} s each): {Reason(ex)}");
        }
    }

    private async Task<RobotAgentResult> FailureAsync(HttpResponseMessage response, Uri target, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var detail = await DetailAsync(response, cancellationToken);
        logger.LogWarning("Robot agent {Target} answered {Status}: {Detail}", target, status, detail);
        return response.StatusCode switch
        {
            HttpStatusCode.Conflict => new RobotAgentResult(RobotAgentOutcome.Busy, detail ?? "The robot is busy with another run."),
            _ when status < 500 => new RobotAgentResult(RobotAgentOutcome.Refused, $"The robot refused the request ({status}){Suffix(detail)}"),
            _ => new RobotAgentResult(RobotAgentOutcome.Unreachable, $"The robot's agent failed ({status}) on every attempt{Suffix(detail)}"),
        };
    }

    // The agent's own words when it sends any: problem details' detail/title, a "message", or the start of the text.
    private static async Task<string?> DetailAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = (await response.Content.ReadAsStringAsync(cancellationToken)).Trim();
        if (text.Length == 0)
        {
            return null;
        }

        try
        {
            using var json = JsonDocument.Parse(text);
            foreach (var name in new[] { "detail", "message", "title", "error" })
            {
                if (json.RootElement.ValueKind == JsonValueKind.Object
                    && json.RootElement.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String)
                {
                    return Shorten(value.GetString()!);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself.
        }

        return Shorten(text);
    }

    private static string Reason(Exception ex) => ex switch
    {
        TimeoutRejectedException or TaskCanceledException => "no answer in time",
        _ => ex.Message,
    };

    private static string Suffix(string? detail) => detail is null ? "." : $": {detail}";

    private static string Shorten(string text) => text.Length <= MaxDetailLength ? text : text[..MaxDetailLength] + "…";
}

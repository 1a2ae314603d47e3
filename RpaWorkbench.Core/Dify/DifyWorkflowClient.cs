using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Dify;

/// <summary>
/// Runs a Dify workflow in blocking mode (<c>POST {base}/workflows/run</c>, <c>Authorization: Bearer app-…</c>) and
/// says how it ended. The inputs are a run's parameter values, typed by the task's declarations (integers and decimals
/// as JSON numbers, booleans as true/false, the rest as text), because Dify checks number variables' types.
/// </summary>
public sealed class DifyWorkflowClient(HttpClient http, DifyApiKeys keys, IOptions<DifyOptions> options, TimeProvider clock)
{
    public async Task<DifyRunResult> RunAsync(DifyTaskSettings settings, IReadOnlyList<TaskParameter> declared,
        IReadOnlyDictionary<string, string?> values, CancellationToken cancellationToken)
    {
        var started = Now();
        var dify = options.Value;
        if (!dify.Allows(settings.BaseUrl))
        {
            return Ended(DifyRunOutcome.Failed, $"The Dify base URL {settings.BaseUrl} is not in Workbench:Dify:AllowedBaseUrls.", started);
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, settings.BaseUrl.TrimEnd('/') + "/workflows/run")
        {
            Content = JsonContent.Create(new JsonObject
            {
                ["inputs"] = Inputs(declared, values),
                ["response_mode"] = "blocking",
                ["user"] = dify.User,
            }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", keys.Unprotect(settings.ApiKeyProtected));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(dify.RunTimeout);
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, timeout.Token);
            var body = await response.Content.ReadAsStringAsync(timeout.Token);
            return response.IsSuccessStatusCode ? Answer(body, started) : Refusal(response.StatusCode, body, started);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Ended(DifyRunOutcome.TimedOut, $"Dify did not answer within {dify.RunTimeout:g}.", started);
        }
        catch (HttpRequestException ex)
        {
            return Ended(DifyRunOutcome.Unavailable, $"Dify could not be reached: {ex.Message}", started);
        }
    }

    private static JsonObject Inputs(IReadOnlyList<TaskParameter> declared, IReadOnlyDictionary<string, string?> values)
    {
        var inputs = new JsonObject();
        foreach (var (name, text) in values)
        {
            var type = declared.FirstOrDefault(p => p.Name == name)?.Type ?? TaskParameterType.Text;
            inputs[name] = text is null ? null : type switch
            {
                TaskParameterType.Integer when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
                TaskParameterType.Decimal when decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var number) => JsonValue.Create(number),
                TaskParameterType.Boolean when bool.TryParse(text, out var flag) => JsonValue.Create(flag),
                _ => JsonValue.Create(text),
            };
        }

        return inputs;
    }

    // {"workflow_run_id", "task_id", "data": {"status", "outputs", "error", …}}
    private DifyRunResult Answer(string body, DateTime started)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return Ended(DifyRunOutcome.Unavailable, "Dify answered with something that is not JSON.", started);
        }

        var data = root?["data"] as JsonObject;
        var status = data?["status"]?.GetValueKind() == JsonValueKind.String ? data["status"]!.GetValue<string>() : null;
        var outputs = data?["outputs"] is JsonObject output ? output.ToJsonString() : null;
        var runId = root?["workflow_run_id"]?.GetValueKind() == JsonValueKind.String ? root["workflow_run_id"]!.GetValue<string>() : null;
        var error = data?["error"]?.GetValueKind() == JsonValueKind.String ? data["error"]!.GetValue<string>() : null;
        var (outcome, message) = status switch
        {
            "succeeded" or "partial-succeeded" => (DifyRunOutcome.Succeeded, (string?)null),
            "failed" => (DifyRunOutcome.Failed, error ?? "The Dify workflow failed."),
            "stopped" => (DifyRunOutcome.Failed, error ?? "The Dify workflow was stopped."),
            null => (DifyRunOutcome.Unavailable, "Dify's answer has no data.status."),
            _ => (DifyRunOutcome.Unavailable, $"Dify answered before the workflow ended (status {status})."),
        };
        return new DifyRunResult(outcome, outputs, message, runId, started, Now());
    }

    // Dify's errors: {"code": "invalid_param", "message": "…", "status": 400}.
    private DifyRunResult Refusal(HttpStatusCode status, string body, DateTime started)
    {
        string? detail = null;
        try
        {
            var message = JsonNode.Parse(body)?["message"];
            detail = message?.GetValueKind() == JsonValueKind.String ? message.GetValue<string>() : null;
        }
        catch (JsonException)
        {
            // Not Dify's error shape (a proxy's page): the status says enough.
        }

        var code = (int)status;
        var (outcome, what) = code switch
        {
            401 or 403 => (DifyRunOutcome.Failed, "Dify refused the app API key"),
            404 => (DifyRunOutcome.Failed, "Dify has no workflow app at this base URL"),
            429 => (DifyRunOutcome.Unavailable, "Dify is rate-limiting requests"),
            >= 500 => (DifyRunOutcome.Unavailable, "Dify failed to run the request"),
            _ => (DifyRunOutcome.Failed, "Dify refused the inputs"),
        };
        return Ended(outcome, detail is null ? $"{what} (HTTP {code})." : $"{what} (HTTP {code}): {detail}", started);
    }

    private DifyRunResult Ended(DifyRunOutcome outcome, string error, DateTime started) => new(outcome, null, error, null, started, Now());

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}

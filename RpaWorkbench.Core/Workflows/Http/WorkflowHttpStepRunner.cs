using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Nodes;
using RpaWorkbench.Core.Storage.Proxy;

namespace RpaWorkbench.Core.Workflows.Http;

/// <summary>
/// Runs an HTTP step: renders its request, refuses a method, URL or host the rules do not allow before anything is
/// sent, sends it once through the guarded client (no redirects followed, every address checked at connect time),
/// reads the answer up to <see cref="WorkflowHttpOptions.HttpMaxResponseBytes"/> and judges it by the step's success
/// statuses and condition. Secrets are masked in everything it records or logs.
/// </summary>
internal sealed class WorkflowHttpStepRunner(
    IHttpClientFactory clients,
    IOptions<WorkflowHttpOptions> options,
    TimeProvider clock,
    ILogger<WorkflowHttpStepRunner> logger) : IWorkflowHttpStepRunner
{
    public const string ClientName = "WorkflowHttp";
    public const string UserAgent = "RpaWorkbench-Workflow";

    private readonly HostAllowList _hosts = new(options.Value.HttpAllowedHosts);

    public async Task<WorkflowStepOutcome> RunAsync(WorkflowHttpStep step, WorkflowTemplateModel model, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var mask = SecretMask.Of(model);
        WorkflowHttpRequest request;
        try
        {
            request = await WorkflowHttpRequest.RenderAsync(step, model);
        }
        catch (WorkflowTemplateException ex)
        {
            return new WorkflowStepOutcome(false, null, null, mask.Apply($"A template of the request does not render: {ex.Message}"));
        }

        var inputs = request.ToInputs(mask);
        var (url, refusal) = Check(step, request);
        var (message, headerProblem) = url is null ? (null, null) : request.ToMessage(url);
        if (message is null)
        {
            return new WorkflowStepOutcome(false, inputs, null, mask.Apply(refusal ?? headerProblem!));
        }

        using (message)
        {
            return await SendAsync(step, model, message, timeout, inputs, mask, cancellationToken);
        }
    }

    private async Task<WorkflowStepOutcome> SendAsync(WorkflowHttpStep step, WorkflowTemplateModel model, HttpRequestMessage message,
        TimeSpan timeout, string inputs, SecretMask mask, CancellationToken cancellationToken)
    {
        var target = mask.Apply($"{message.Method} {message.RequestUri!.Scheme}://{message.RequestUri.Authority}{message.RequestUri.AbsolutePath}");
        var host = message.RequestUri.IdnHost;
        using var deadline = new CancellationTokenSource(timeout, clock);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        if (message.Headers.UserAgent.Count == 0)
        {
            message.Headers.UserAgent.ParseAdd(UserAgent);
        }
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(message, HttpCompletionOption.ResponseHeadersRead, linked.Token);
            var status = (int)response.StatusCode;
            var body = await ReadBodyAsync(response, deadline.Token, linked.Token);
            logger.LogInformation("Workflow HTTP step {Target} answered {Status} ({Characters} characters)", target, status, body.Length);
            return await JudgeAsync(step, model, status, body, response.Content.Headers.ContentType?.MediaType, inputs, mask);
        }
        catch (Exception ex) when (Failure(ex, host, timeout, deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested) is { } failure)
        {
            logger.LogWarning("Workflow HTTP step {Target} failed: {Reason}", target, mask.Apply(failure));
            return new WorkflowStepOutcome(false, inputs, null, mask.Apply(failure));
        }
    }

    // The URL to send to, or why the request is refused before anything is sent.
    private (Uri? Url, string? Refusal) Check(WorkflowHttpStep step, WorkflowHttpRequest request)
    {
        if (!WorkflowHttpRules.IsAllowedMethod(request.Method))
        {
            return (null, $"\"{request.Method}\" is not a method an HTTP step sends ({string.Join(", ", WorkflowHttpRules.Methods)}).");
        }

        if (WorkflowHttpRules.CheckStatuses(step.SuccessStatuses) is { } badStatuses)
        {
            return (null, $"The success statuses are not valid: {badStatuses}");
        }

        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            return (null, $"\"{request.Url}\" is not an absolute http or https URL.");
        }

        if (url.UserInfo.Length > 0)
        {
            return (null, "The URL must not carry a user name or password; send credentials in a header.");
        }

        var host = url.IdnHost;
        if (url.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6 || IPAddress.TryParse(host, out _))
        {
            return (null, $"{host} is an IP address; HTTP steps call host names on {WorkflowHttpOptions.AllowedHostsKey}.");
        }

        if (options.Value.HttpAllowedHosts.Length == 0)
        {
            return (null, $"HTTP steps are turned off: {WorkflowHttpOptions.AllowedHostsKey} lists no host.");
        }

        return HostAllowList.IsLocalhost(host) || !_hosts.Allows(host)
            ? (null, $"{host} is not an allowed host ({WorkflowHttpOptions.AllowedHostsKey}).")
            : (url, null);
    }

    private async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken deadline, CancellationToken token)
    {
        var limit = options.Value.HttpMaxResponseBytes;
        if (response.Content.Headers.ContentLength > limit)
        {
            throw new ResourceTooLargeException(limit);
        }

        await using var capped = new CappedStream(await response.Content.ReadAsStreamAsync(token), limit, deadline);
        using var buffer = new MemoryStream();
        await capped.CopyToAsync(buffer, token);
        var charset = response.Content.Headers.ContentType?.CharSet?.Trim('"');
        Encoding encoding;
        try
        {
            encoding = string.IsNullOrEmpty(charset) ? Encoding.UTF8 : Encoding.GetEncoding(charset);
        }
        catch (ArgumentException)
        {
            encoding = Encoding.UTF8;
        }

        return encoding.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static async Task<WorkflowStepOutcome> JudgeAsync(WorkflowHttpStep step, WorkflowTemplateModel model, int status, string body,
        string? contentType, string inputs, SecretMask mask)
    {
        var shown = mask.Apply(body);
        var outputs = new JsonObject
        {
            ["status"] = status,
            ["body"] = shown,
            ["json"] = ParseJson(shown),
            ["content_type"] = contentType,
        }.ToJsonString();
        if (!WorkflowHttpRules.IsSuccess(step.SuccessStatuses, status))
        {
            return new WorkflowStepOutcome(false, inputs, outputs, $"HTTP {status} is not a success status ({step.SuccessStatuses}).");
        }

        if (string.IsNullOrWhiteSpace(step.SuccessCondition))
        {
            return new WorkflowStepOutcome(true, inputs, outputs, null);
        }

        try
        {
            return await WorkflowTemplates.ConditionAsync(step.SuccessCondition, model.WithResponse(status, body))
                ? new WorkflowStepOutcome(true, inputs, outputs, null)
                : new WorkflowStepOutcome(false, inputs, outputs, $"The success condition `{step.SuccessCondition}` was false.");
        }
        catch (WorkflowTemplateException ex)
        {
            return new WorkflowStepOutcome(false, inputs, outputs,
                mask.Apply($"The success condition `{step.SuccessCondition}` could not be evaluated: {ex.Message}"));
        }
    }

    private static JsonNode? ParseJson(string body)
    {
        try
        {
            return string.IsNullOrWhiteSpace(body) ? null : JsonNode.Parse(body);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    // What went wrong while sending or reading, in words that name it; null for a cancellation by the caller (the engine stopping).
    private string? Failure(Exception exception, string host, TimeSpan timeout, bool timedOut)
    {
        var within = $"{timeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s";
        if (timedOut && exception is OperationCanceledException)
        {
            return $"No answer within {within}.";
        }

        var chain = Chain(exception).ToList();
        return exception switch
        {
            TimeoutException => $"The whole answer did not arrive within {within}.",
            ResourceTooLargeException => $"The response body is larger than {options.Value.HttpMaxResponseBytes} bytes ({WorkflowHttpOptions.MaxResponseBytesKey}).",
            HttpRequestException when chain.OfType<AddressRefusedException>().Any() =>
                $"{host} resolves to an address that is not public (private, loopback, link-local or reserved) and not in {WorkflowHttpOptions.AllowedNetworksKey}; nothing was sent.",
            HttpRequestException when chain.Any(e => e is HttpRequestException { HttpRequestError: HttpRequestError.NameResolutionError }
                or SocketException { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain }) =>
                $"The name {host} could not be resolved (DNS).",
            HttpRequestException when chain.OfType<SocketException>().Any(s => s.SocketErrorCode == SocketError.ConnectionRefused) =>
                $"{host} refused the connection.",
            HttpRequestException or IOException => $"The request to {host} failed: {chain[^1].Message}",
            _ => null,
        };
    }

    private static IEnumerable<Exception> Chain(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }
}

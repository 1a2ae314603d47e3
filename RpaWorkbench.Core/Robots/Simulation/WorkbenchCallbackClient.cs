using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Polly.Timeout;
using RpaWorkbench.Core.ApiKeys;

namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary>
/// The simulated robot's side of the webhook contract: posts callbacks to this Workbench's own endpoints, over
/// loopback, with the simulator's API key. Retries come from the client's resilience pipeline; a callback that still
/// fails is logged as a warning and dropped, like a real robot's report that never got through.
/// </summary>
internal sealed class WorkbenchCallbackClient(IHttpClientFactory clients, ILogger<WorkbenchCallbackClient> logger)
{
    public const string ClientName = "simulated-robot-callbacks";
    public const string Confirm = "confirm";
    public const string ExecutionComplete = "execution-complete";
    public const string Heartbeat = "heartbeat";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    private volatile Connection? _connection;

    /// <summary>Where the Workbench is (a loopback address) and the key to call it with.</summary>
    public void Connect(Uri workbench, string apiKey) => _connection = new Connection(workbench, apiKey);

    /// <summary>Posts one callback; true when the Workbench stored it (2xx).</summary>
    public async Task<bool> PostAsync<T>(string callback, T body, CancellationToken cancellationToken)
    {
        var connection = _connection;
        if (connection is null)
        {
            logger.LogWarning("The simulated robot dropped a {Callback} callback: it has no address or key for the Workbench (see the start-up warning)", callback);
            return false;
        }

        var target = new Uri(connection.Workbench, $"api/v1/webhook/{callback}");
        using var request = new HttpRequestMessage(HttpMethod.Post, target) { Content = JsonContent.Create(body, options: Json) };
        request.Headers.Add("X-Api-Key", connection.ApiKey);
        try
        {
            using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return true;
            }

            logger.LogWarning("The Workbench refused the simulated robot's {Callback} callback with {Status}: {Detail}",
                callback, (int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
                                   && ex is HttpRequestException or TimeoutRejectedException or TaskCanceledException)
        {
            logger.LogWarning("The simulated robot's {Callback} callback did not reach the Workbench at {Target}: {Reason}",
                callback, target, ex.Message);
        }

        return false;
    }

    /// <summary>
    /// Downloads the run's config file as a robot would (a plain GET, no key); its size in bytes, or null when it could
    /// not be fetched. Only loopback URLs are fetched: a simulated robot never sends a request off the machine.
    /// </summary>
    public async Task<long?> FetchConfigFileAsync(Uri url, CancellationToken cancellationToken)
    {
        if (!url.IsLoopback)
        {
            logger.LogInformation("The simulated robot did not fetch its config file from {Host}: it only calls loopback addresses", url.Host);
            return null;
        }

        try
        {
            using var response = await clients.CreateClient(ClientName).GetAsync(url, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return (await response.Content.ReadAsByteArrayAsync(cancellationToken)).LongLength;
            }

            logger.LogWarning("The Workbench refused the simulated robot's config file download with {Status}", (int)response.StatusCode);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
                                   && ex is HttpRequestException or TimeoutRejectedException or TaskCanceledException)
        {
            logger.LogWarning("The simulated robot's config file download did not reach the Workbench: {Reason}", ex.Message);
        }

        return null;
    }

    private sealed record Connection(Uri Workbench, string ApiKey);
}

using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// ShadowBot's side of the job callback: when a job ends, the documented <c>"dataType":"job"</c> body is POSTed to
/// <see cref="CallbackUrl"/>, and a non-2xx answer (or no answer) is retried after 0.5, 0.75 and 1.5 s, as ShadowBot
/// does before falling back to hourly retries. Every attempt is recorded.
/// </summary>
public sealed class FakeShadowBotCallbacks(TimeZoneInfo robotZone) : IDisposable
{
    /// <summary>ShadowBot's quick retries, after the first attempt.</summary>
    public static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1.5)];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, Task> _deliveries = new(StringComparer.Ordinal);

    /// <summary>Where job callbacks go; none are sent while it is null.</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Every attempt, in order: the job, the answer's status (0 when no answer came) and the body sent.</summary>
    public ConcurrentQueue<FakeCallbackAttempt> Attempts { get; } = new();

    /// <summary>The delivery of the callback for <paramref name="jobUuid"/>: done once answered 2xx or the quick retries ran out.</summary>
    public Task DeliveryOf(string jobUuid) =>
        _deliveries.TryGetValue(jobUuid, out var delivery) ? delivery : throw new InvalidOperationException($"No callback was sent for job {jobUuid}.");

    public void Dispose() => _http.Dispose();

    internal void Send(FakeJob job)
    {
        if (CallbackUrl is { } url)
        {
            _deliveries[job.JobUuid] = Task.Run(() => DeliverAsync(url, job, Body(job)));
        }
    }

    private async Task DeliverAsync(Uri url, FakeJob job, JsonObject body)
    {
        for (var attempt = 0; ; attempt++)
        {
            var status = await PostAsync(url, body);
            Attempts.Enqueue(new FakeCallbackAttempt(job.JobUuid, status, body.ToJsonString(), DateTimeOffset.UtcNow));
            if (status is >= 200 and < 300 || attempt == RetryDelays.Length)
            {
                return;
            }

            await Task.Delay(RetryDelays[attempt]);
        }
    }

    private async Task<int> PostAsync(Uri url, JsonObject body)
    {
        try
        {
            using var response = await _http.PostAsJsonAsync(url, body);
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    /// <summary>The documented job callback for <paramref name="job"/>, as it is posted.</summary>
    public JsonObject Body(FakeJob job)
    {
        var body = new JsonObject
        {
            ["dataType"] = "job",
            ["jobUuid"] = job.JobUuid,
            ["status"] = job.Status,
            ["msg"] = job.Msg,
            ["robotClientUuid"] = job.RobotClientUuid,
            ["robotClientName"] = job.AccountName,
            ["startTime"] = RobotTime(job.StartedAt ?? job.EndedAt),
            ["endTime"] = RobotTime(job.EndedAt),
            ["robotName"] = job.RobotName,
            ["robotUuid"] = job.RobotUuid,
            ["idempotentUuid"] = job.IdempotentUuid,
            ["result"] = new JsonArray(job.Outputs.Select(o => (JsonNode)new JsonObject
            {
                ["name"] = o.Name,
                ["value"] = o.Value,
                ["type"] = o.Type,
            }).ToArray()),
        };
        if (job.Status == "error")
        {
            body["screenshotUrl"] = "https://shadowbot.invalid/screenshots/" + job.JobUuid + ".png";
        }

        return body;
    }

    // ShadowBot writes job times as local wall-clock time of its robots' zone.
    private string? RobotTime(DateTimeOffset? at) => at is { } time
        ? TimeZoneInfo.ConvertTime(time, robotZone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)
        : null;
}

/// <summary>One POST of a job callback; <see cref="Status"/> 0 means no answer came.</summary>
public sealed record FakeCallbackAttempt(string JobUuid, int Status, string Body, DateTimeOffset At);

using System.Collections.Concurrent;
using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// ShadowBot's side of the job callback: when a job ends, the documented <c>"dataType":"job"</c> body is POSTed to
/// <see cref="CallbackUrl"/>, and a non-2xx answer (or no answer) is retried after 0.5, 0.75 and 1.5 s, as ShadowBot
/// does before falling back to hourly retries. Every attempt is recorded. With <see cref="SignsBody"/> the URL's query also
/// carries <c>bodyMd5</c> (hex MD5 of the raw body posted) and <c>timestamp</c> (epoch milliseconds), as ShadowBot adds them;
/// <see cref="WrongSignature"/> sends an MD5 that does not match. <see cref="SendTask"/> posts the <c>"dataType":"task"</c> callback.
/// </summary>
public sealed class FakeShadowBotCallbacks(TimeZoneInfo robotZone) : IDisposable
{
    /// <summary>ShadowBot's quick retries, after the first attempt.</summary>
    public static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(0.5), TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1.5)];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly ConcurrentDictionary<string, Task> _deliveries = new(StringComparer.Ordinal);

    /// <summary>Where job callbacks go; none are sent while it is null.</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Whether <c>bodyMd5</c> and <c>timestamp</c> are added to the callback URL's query.</summary>
    public bool SignsBody { get; set; }

    /// <summary>When signed, <c>bodyMd5</c> is the MD5 of other bytes than the body, as a tampered callback would be.</summary>
    public bool WrongSignature { get; set; }

    /// <summary>Every attempt, in order: the job (or task), the answer's status (0 when no answer came), the body and the URL it went to.</summary>
    public ConcurrentQueue<FakeCallbackAttempt> Attempts { get; } = new();

    /// <summary>The delivery of the callback for <paramref name="jobUuid"/>: done once answered 2xx or the quick retries ran out.</summary>
    public Task DeliveryOf(string jobUuid) =>
        _deliveries.TryGetValue(jobUuid, out var delivery) ? delivery : throw new InvalidOperationException($"No callback was sent for job {jobUuid}.");

    public void Dispose() => _http.Dispose();

    internal void Send(FakeJob job)
    {
        if (CallbackUrl is { } url)
        {
            _deliveries[job.JobUuid] = Task.Run(() => DeliverAsync(url, job.JobUuid, Body(job)));
        }
    }

    /// <summary>
    /// ShadowBot's task callback for a task of <paramref name="jobs"/> (each as its job callback): task-level start and end
    /// in epoch milliseconds, as the docs show them. Its delivery is found under <paramref name="taskUuid"/>.
    /// </summary>
    public void SendTask(string taskUuid, string idempotentUuid, string status, DateTimeOffset startedAt, DateTimeOffset endedAt, params FakeJob[] jobs)
    {
        var url = CallbackUrl ?? throw new InvalidOperationException("Set CallbackUrl before sending a task callback.");
        var body = new JsonObject
        {
            ["dataType"] = "task",
            ["taskUuid"] = taskUuid,
            ["status"] = status,
            ["msg"] = "任务结束",
            ["idempotentUuid"] = idempotentUuid,
            ["startTime"] = startedAt.ToUnixTimeMilliseconds(),
            ["endTime"] = endedAt.ToUnixTimeMilliseconds(),
            ["jobList"] = new JsonArray(jobs.Select(j => (JsonNode)Body(j)).ToArray()),
        };
        _deliveries[taskUuid] = Task.Run(() => DeliverAsync(url, taskUuid, body));
    }

    private async Task DeliverAsync(Uri url, string key, JsonObject body)
    {
        var raw = System.Text.Encoding.UTF8.GetBytes(body.ToJsonString());
        for (var attempt = 0; ; attempt++)
        {
            var target = SignsBody ? SignedUrl(url, raw) : url;
            var status = await PostAsync(target, raw);
            Attempts.Enqueue(new FakeCallbackAttempt(key, status, body.ToJsonString(), DateTimeOffset.UtcNow) { Url = target });
            if (status is >= 200 and < 300 || attempt == RetryDelays.Length)
            {
                return;
            }

            await Task.Delay(RetryDelays[attempt]);
        }
    }

    // ShadowBot signs the bytes it posts: bodyMd5 is their hex MD5, timestamp the sending time (a retry signs anew).
    private Uri SignedUrl(Uri url, byte[] raw)
    {
#pragma warning disable CA5351 // MD5 is ShadowBot's documented body checksum.
        var md5 = Convert.ToHexStringLower(MD5.HashData(WrongSignature ? [.. raw, (byte)' '] : raw));
#pragma warning restore CA5351
        var separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
        return new Uri(url + $"{separator}bodyMd5={md5}&timestamp={DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
    }

    private async Task<int> PostAsync(Uri url, byte[] raw)
    {
        try
        {
            using var content = new ByteArrayContent(raw);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
            using var response = await _http.PostAsync(url, content);
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

/// <summary>One POST of a job (or task) callback; <see cref="Status"/> 0 means no answer came.</summary>
public sealed record FakeCallbackAttempt(string JobUuid, int Status, string Body, DateTimeOffset At)
{
    /// <summary>The URL posted to, the signature's query included.</summary>
    public Uri? Url { get; init; }
}

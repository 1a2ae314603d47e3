using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>
/// The ShadowBot (影刀) OpenAPI: start, stop, retry and query jobs, list robot clients and groups, upload job files.
/// Shares one cached access token, keeps to ShadowBot's per-endpoint rate limits, and turns refusals into
/// <see cref="ShadowBotException"/> with an operator-readable message.
/// </summary>
public sealed partial class ShadowBotClient
{
    /// <summary>Starts the app <see cref="ShadowBotJobStart.RobotUuid"/>; safe to call again with the same idempotent id.</summary>
    public async Task<ShadowBotJobStarted> StartJobAsync(ShadowBotJobStart start, CancellationToken cancellationToken)
    {
        ShadowBotJobStartValidation.Check(start);
        var idempotentUuid = start.IdempotentUuid ?? Guid.NewGuid().ToString("N");
        var body = new
        {
            robotUuid = start.RobotUuid,
            accountName = start.AccountName,
            robotClientGroupUuid = start.RobotClientGroupUuid,
            executeScope = start.ExecuteScope,
            priority = start.Priority,
            waitTimeoutSeconds = start.WaitTimeoutSeconds,
            runTimeout = start.RunTimeout,
            @params = start.Params.Count > 0 ? start.Params : null,
            idempotentUuid,
        };
        var started = await CallAsync<JobStartData>(ShadowBotEndpoints.JobStart, () => Json(body), cancellationToken);
        return new ShadowBotJobStarted(Required(started.JobUuid, ShadowBotEndpoints.JobStart, "jobUuid"), started.IdempotentFlag, idempotentUuid);
    }

    /// <summary>Stops a job; ShadowBot ignores a stop for a job that has already ended.</summary>
    public Task StopJobAsync(string jobUuid, CancellationToken cancellationToken) =>
        CommandAsync(ShadowBotEndpoints.JobStop, jobUuid, cancellationToken);

    /// <summary>Runs a job again; ShadowBot allows it only from <c>error</c> or <c>stopped</c>.</summary>
    public Task RetryJobAsync(string jobUuid, CancellationToken cancellationToken) =>
        CommandAsync(ShadowBotEndpoints.JobRetry, jobUuid, cancellationToken);

    /// <summary>A job's status, robot, times and parameters (ShadowBot suggests asking every 30 s at most).</summary>
    public async Task<ShadowBotJob> QueryJobAsync(string jobUuid, CancellationToken cancellationToken)
    {
        var job = await CallAsync<ShadowBotJob>(ShadowBotEndpoints.JobQuery, () => Json(new { jobUuid }), cancellationToken);
        Required(job.Status, ShadowBotEndpoints.JobQuery, "status");
        return job;
    }

    /// <summary>One page of robot clients with their status.</summary>
    public async Task<ShadowBotPage<ShadowBotRobotClient>> ListClientsAsync(ShadowBotClientQuery query, CancellationToken cancellationToken)
    {
        var answer = await ExchangeWithTokenAsync<List<ShadowBotRobotClient>>(ShadowBotEndpoints.ClientList, () => Json(query), cancellationToken);
        return Paged(answer, query.Page, query.Size);
    }

    /// <summary>One page of robot client groups.</summary>
    public async Task<ShadowBotPage<ShadowBotClientGroup>> ListClientGroupsAsync(int page, int size, CancellationToken cancellationToken)
    {
        var answer = await ExchangeWithTokenAsync<List<ShadowBotClientGroup>>(ShadowBotEndpoints.ClientGroupList, () => Json(new { page, size }), cancellationToken);
        return Paged(answer, page, size);
    }

    /// <summary>Uploads a file for a <c>file</c> parameter and returns its fileKey.</summary>
    public async Task<string> UploadFileAsync(Stream content, string fileName, CancellationToken cancellationToken)
    {
        var bytes = await ReplayableAsync(content, cancellationToken);
        var uploaded = await CallAsync<FileUploadData>(ShadowBotEndpoints.FileUpload, () =>
        {
            var file = new ByteArrayContent(bytes);
            file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            return new MultipartFormDataContent { { file, "file", fileName } };
        }, cancellationToken);
        return Required(uploaded.FileKey, ShadowBotEndpoints.FileUpload, "fileKey");
    }

    // Stop and retry answer with nothing worth reading: success is all that counts.
    private async Task CommandAsync(string endpoint, string jobUuid, CancellationToken cancellationToken) =>
        Unwrap(await ExchangeWithTokenAsync<JsonElement>(endpoint, () => Json(new { jobUuid }), cancellationToken));

    private static JsonContent Json<T>(T body) => JsonContent.Create(body, options: ShadowBotJson.Options);

    // A retried upload (after a 401 or 429) must send the same bytes again, so the file is read once.
    private static async Task<byte[]> ReplayableAsync(Stream content, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    private ShadowBotPage<T> Paged<T>(ShadowBotAnswer<List<T>> answer, int page, int size)
    {
        var items = Unwrap(answer) ?? [];
        return answer.Page is { } reported
            ? new ShadowBotPage<T>(items, reported.Page, reported.Size, reported.Total, reported.Pages)
            : new ShadowBotPage<T>(items, page, size, 0, 0);
    }

    private sealed record JobStartData(string? JobUuid, bool IdempotentFlag);

    private sealed record FileUploadData(string? FileKey);
}

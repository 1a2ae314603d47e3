using RpaWorkbench.Core.Storage;

namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>
/// Reaches robots as ShadowBot jobs (<c>Workbench:Robots:Mode=ShadowBot</c>): a start is a job/start with the run id as
/// its idempotentUuid, so a repeated start makes no second job; a stop is a job/stop of the run's job. A job that waits
/// for a robot is reported <see cref="RobotAgentResult.Queued"/>.
/// </summary>
internal sealed class ShadowBotRobotAgent(ShadowBotClient client, IObjectStore objects, ILogger<ShadowBotRobotAgent> logger) : IRobotAgent
{
    public async Task<RobotAgentResult> StartAsync(RobotEndpoint robot, RobotStartRequest request, CancellationToken cancellationToken)
    {
        if (request.ShadowBot is not { RobotUuid.Length: > 0 } settings)
        {
            return Refused("The task has no ShadowBot app UUID (robotUuid); edit the task and set it.");
        }

        try
        {
            var start = await JobStartAsync(request, settings, cancellationToken);
            var started = await StartOnceAsync(start, cancellationToken);
            return RobotAgentResult.Accepted with { JobUuid = started.JobUuid, Queued = await IsWaitingAsync(started.JobUuid, cancellationToken) };
        }
        catch (ValidationFailedException ex)
        {
            return Refused(string.Join(" ", ex.Errors.Select(e => e.Message)));
        }
        catch (ShadowBotException ex)
        {
            return Failure(ex);
        }
    }

    public async Task<RobotAgentResult> StopAsync(RobotEndpoint robot, RobotStopRequest request, CancellationToken cancellationToken)
    {
        if (request.JobUuid is null)
        {
            return Refused("The run has no ShadowBot job to stop (it was not started through the ShadowBot OpenAPI).");
        }

        try
        {
            await client.StopJobAsync(request.JobUuid, cancellationToken);
            return RobotAgentResult.Accepted;
        }
        catch (ShadowBotException ex)
        {
            return Failure(ex);
        }
    }

    private async Task<ShadowBotJobStart> JobStartAsync(RobotStartRequest request, ShadowBotTaskSettings settings, CancellationToken cancellationToken)
    {
        var parameters = ShadowBotParams.WithDeclared(ShadowBotParams.FromConfig(request.Config), request.DeclaredParameters, request.Parameters);
        if (settings.FileParam is { Length: > 0 } fileParam && request.ConfigFileKey is { } key)
        {
            parameters.Add(new ShadowBotParam(fileParam, await UploadAsync(key, cancellationToken), "file"));
        }

        var group = string.IsNullOrWhiteSpace(settings.GroupUuid) ? null : settings.GroupUuid;
        return new ShadowBotJobStart(settings.RobotUuid!)
        {
            // The group wins when both are set, as in ShadowBot; the task's account is the target otherwise.
            AccountName = group is null ? request.ShadowBotAccount : null,
            RobotClientGroupUuid = group,
            ExecuteScope = group is null ? null : settings.ExecuteScope,
            Priority = settings.Priority,
            WaitTimeoutSeconds = settings.WaitTimeoutSeconds,
            RunTimeout = request.RunTimeout is { } timeout ? (int)Math.Ceiling(timeout.TotalSeconds) : null,
            Params = parameters,
            IdempotentUuid = request.RunId,
        };
    }

    // An answer lost on the way (no connection, a 5xx) may hide a job that was made: asking again with the same
    // idempotentUuid is safe (ShadowBot answers the same job with idempotentFlag) and tells the run's job for sure.
    private async Task<ShadowBotJobStarted> StartOnceAsync(ShadowBotJobStart start, CancellationToken cancellationToken)
    {
        try
        {
            return await client.StartJobAsync(start, cancellationToken);
        }
        catch (ShadowBotException ex) when (ex.Kind is ShadowBotErrorKind.Unreachable or ShadowBotErrorKind.ServerError)
        {
            logger.LogWarning("ShadowBot job/start for run {RunId} got no answer ({Reason}); asking again with the same idempotentUuid",
                start.IdempotentUuid, ex.Message);
            return await client.StartJobAsync(start, cancellationToken);
        }
    }

    private async Task<string> UploadAsync(string key, CancellationToken cancellationToken)
    {
        await using var file = await objects.GetAsync(key, cancellationToken)
            ?? throw new ValidationFailedException([new FieldError("config_file", ErrorCodes.NotFound, "The task's config file is missing from the object store; upload it again.")]);
        return await client.UploadFileAsync(file.Content, Path.GetFileName(key), cancellationToken);
    }

    // Asked once right after the start; when ShadowBot cannot say, the run counts as waiting until the reconciler asks again.
    private async Task<bool> IsWaitingAsync(string jobUuid, CancellationToken cancellationToken)
    {
        try
        {
            var job = await client.QueryJobAsync(jobUuid, cancellationToken);
            return ShadowBotJobStatuses.IsWaiting(job.Status);
        }
        catch (ShadowBotException ex)
        {
            logger.LogWarning("ShadowBot job {JobUuid} was started; its status could not be read: {Reason}", jobUuid, ex.Message);
            return true;
        }
    }

    private static RobotAgentResult Refused(string message) => new(RobotAgentOutcome.Refused, message);

    private static RobotAgentResult Failure(ShadowBotException ex) => new(ex.Kind switch
    {
        ShadowBotErrorKind.RateLimited => RobotAgentOutcome.RateLimited,
        ShadowBotErrorKind.ServerError or ShadowBotErrorKind.Unreachable => RobotAgentOutcome.Unreachable,
        _ => RobotAgentOutcome.Refused,
    }, ex.Message);
}

using RpaWorkbench.Core.Robots;

namespace RpaWorkbench.Core.Dispatch;

/// <summary>A queued run already on a robot when what owns it (a batch, a workflow run) was cancelled: what stopping it needs.</summary>
public sealed record InFlightRun(string RunId, long TaskId, string AppName, string? JobUuid, RobotEndpoint Robot, string ShadowBotAccount);

/// <summary>
/// Stops the robot runs of a cancelled batch or workflow run, after the cancel was committed (so a slow robot never holds
/// the transaction), best effort: a run that will not stop still ends through its callback or the lost verdict.
/// </summary>
public sealed class InFlightRuns(IRobotAgent agent, ILogger<InFlightRuns> logger)
{
    /// <summary>Those of <paramref name="runs"/> starting or running on a robot (a Dify run has none and is not stopped).</summary>
    public static Task<List<InFlightRun>> OfAsync(IQueryable<DispatchRun> runs, CancellationToken cancellationToken) =>
        runs.AsNoTracking()
            .Where(r => (r.State == DispatchRunState.Starting || r.State == DispatchRunState.Running) && r.AccountId != null)
            .Select(r => new InFlightRun(r.RunId, r.TaskId, r.Task!.AppName, r.JobUuid,
                new RobotEndpoint(r.Account!.HostIp, r.Account.Port, r.Account.TaskControl), r.Account.ShadowBotAccount))
            .ToListAsync(cancellationToken);

    /// <summary>Takes those of <paramref name="runs"/> still waiting off the queue (cancelled, with <paramref name="error"/>); returns how many.</summary>
    public static Task<int> CancelWaitingAsync(IQueryable<DispatchRun> runs, DateTime now, string error, CancellationToken cancellationToken) =>
        runs.Where(r => r.State == DispatchRunState.Waiting)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.State, DispatchRunState.Cancelled).SetProperty(r => r.EndedAt, now)
                .SetProperty(r => r.Error, error).SetProperty(r => r.Version, r => r.Version + 1), cancellationToken);

    /// <summary>Asks each run's robot to stop it; <paramref name="owner"/> names what was cancelled in the log ("a cancelled batch").</summary>
    public async Task StopAsync(IEnumerable<InFlightRun> runs, string owner)
    {
        foreach (var run in runs)
        {
            try
            {
                var request = new RobotStopRequest(run.RunId, run.TaskId, run.AppName, run.ShadowBotAccount) { JobUuid = run.JobUuid };
                var result = await agent.StopAsync(run.Robot, request, CancellationToken.None);
                if (result.Outcome != RobotAgentOutcome.Accepted)
                {
                    logger.LogWarning("Run {RunId} of {Owner} was not stopped: {Outcome} {Message}", run.RunId, owner, result.Outcome, result.Message);
                }
            }
            catch (HttpRequestException ex)
            {
                logger.LogWarning(ex, "Run {RunId} of {Owner} could not be stopped", run.RunId, owner);
            }
        }
    }
}

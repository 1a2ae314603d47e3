namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary>
/// Plays one run as a ShadowBot robot would: pulls its config file when it was given one, opens the app
/// (<see cref="SimulatedRobotOptions.ConfirmDelay"/>), confirms,
/// works for a random time, uploads its screenshot and log, then reports completion — failed for a share of runs, and
/// failed with "stopped by operator" when stopped. On shutdown it just ends: the Workbench is going away.
/// </summary>
internal sealed class SimulatedRunScript(
    WorkbenchCallbackClient callbacks,
    SimulatedRunReport report,
    SimulatedRunFiles files,
    IOptions<SimulatedRobotOptions> options,
    TimeProvider clock,
    ILogger<SimulatedRunScript> logger)
{
    public async Task PlayAsync(SimulatedRun run, CancellationToken shutdown)
    {
        var settings = options.Value;
        var random = Random.Shared;
        var outcome = random.NextDouble() < settings.FailureRate ? SimulatedOutcome.Failed : SimulatedOutcome.Completed;
        var duration = settings.MinRunDuration + (settings.MaxRunDuration - settings.MinRunDuration) * random.NextDouble();

        using var stopOrShutdown = CancellationTokenSource.CreateLinkedTokenSource(run.StopRequested, shutdown);
        DateTimeOffset? start = null;
        try
        {
            if (run.Request.ConfigFileUrl is { } configFile
                && await callbacks.FetchConfigFileAsync(configFile, stopOrShutdown.Token) is { } bytes)
            {
                logger.LogInformation("Simulated robot {TaskControl} downloaded the config file of run {RunId} ({Bytes} bytes)",
                    run.TaskControl, run.Request.RunId, bytes);
            }

            await Task.Delay(settings.ConfirmDelay, clock, stopOrShutdown.Token);
            start = clock.GetUtcNow();
            await callbacks.PostAsync(WorkbenchCallbackClient.Confirm, report.Confirm(run, start.Value), shutdown);
            await Task.Delay(duration, clock, stopOrShutdown.Token);
        }
        catch (OperationCanceledException) when (run.StopRequested.IsCancellationRequested && !shutdown.IsCancellationRequested)
        {
            outcome = SimulatedOutcome.Stopped;
        }

        var end = clock.GetUtcNow();
        var completion = await files.UploadAsync(report.Completion(run, start ?? end, end, outcome, random), start ?? end, shutdown);
        await callbacks.PostAsync(WorkbenchCallbackClient.ExecutionComplete, completion, shutdown);
        logger.LogInformation("Simulated robot {TaskControl} finished run {RunId} of {AppName}: {Outcome}",
            run.TaskControl, run.Request.RunId, run.Request.AppName, outcome);
    }
}

using System.Text.Json;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Diagnostics;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Dify;

/// <summary>
/// Runs a queued run of a Dify task: calls the workflow and stores the outcome as the run's execution log under the
/// run's own key (<see cref="RunKeys.ForExecutionId"/>), exactly where a robot's callback would put it, so the
/// dispatcher settles it like any run. Dify failing the workflow is <c>failed</c>; Dify not answering in time is
/// <c>timed_out</c>; Dify unreachable or overloaded is <c>lost</c> (the last two are system failures a batch retries).
/// </summary>
public sealed class DifyRunner(
    IDbContextFactory<WorkbenchDbContext> contexts,
    DifyWorkflowClient client,
    IWorkbenchEvents events,
    OperatorTime time,
    WorkbenchMetrics metrics,
    ILogger<DifyRunner> logger)
{
    /// <summary>The runner named in a Dify run's log where a robot's account would be.</summary>
    public const string RunnerName = "dify";

    public async Task RunAsync(DispatchRun run, RobotTask task, CancellationToken cancellationToken)
    {
        var settings = task.Dify ?? throw new InvalidOperationException($"Task {task.Id} does not call a Dify workflow.");
        metrics.RunStarted(task.AppName);
        var result = await client.RunAsync(settings, task.Parameters, run.Parameters, cancellationToken);
        var log = LogOf(run, task, result);

        await using var db = await contexts.CreateDbContextAsync(CancellationToken.None);
        await using var transaction = await db.Database.BeginTransactionAsync(CancellationToken.None);
        db.ExecutionLogs.Add(log);
        RollupWriter.Add(db, RollupBatch.Of([log], time));
        try
        {
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
        {
            // The same run was run twice (a restart resumed it): its first outcome stands.
            logger.LogWarning("Dify run {RunId} already has an outcome; this one ({Outcome}) is dropped", run.RunId, result.Outcome);
            return;
        }

        await transaction.CommitAsync(CancellationToken.None);
        events.Publish([new LogCreated(log.Id, log.ShadowBotAccount, log.AppName, log.Status)]);
    }

    private static ExecutionLog LogOf(DispatchRun run, RobotTask task, DifyRunResult result)
    {
        var status = result.Outcome switch
        {
            DifyRunOutcome.Succeeded => ExecutionStatus.Completed,
            DifyRunOutcome.Failed => ExecutionStatus.Failed,
            DifyRunOutcome.TimedOut => ExecutionStatus.TimedOut,
            _ => ExecutionStatus.Lost,
        };
        return new ExecutionLog
        {
            ExecutionId = run.RunId,
            DedupKey = RunKeys.ForExecutionId(run.RunId),
            Text = result.Error is null ? $"{task.AppName}: {ContractName.Of(status)}" : $"{task.AppName}: {ContractName.Of(status)} - {result.Error}",
            AppName = task.AppName,
            ShadowBotAccount = RunnerName,
            Status = status,
            StartTime = result.StartedAt,
            EndTime = result.EndedAt,
            DurationSeconds = Math.Max(0, (result.EndedAt - result.StartedAt).TotalSeconds),
            ErrorMessage = result.Error,
            Outputs = Outputs(result.Outputs),
            TaskId = task.Id,
            CreatedAt = result.EndedAt,
        };
    }

    // Dify's outputs object as the logs keep outputs ([{name, value, type}], ShadowBot's types); too large → left out.
    private static string? Outputs(string? json)
    {
        if (json is null)
        {
            return null;
        }

        using var document = JsonDocument.Parse(json);
        var outputs = document.RootElement.EnumerateObject().Select(p => p.Value.ValueKind switch
        {
            JsonValueKind.String => new RunOutput(p.Name, p.Value.GetString()!, RunOutputs.TextType),
            JsonValueKind.Number => new RunOutput(p.Name, p.Value.GetRawText(), p.Value.TryGetInt64(out _) ? "int" : "float"),
            JsonValueKind.True or JsonValueKind.False => new RunOutput(p.Name, p.Value.GetRawText(), "bool"),
            JsonValueKind.Null => new RunOutput(p.Name, "", RunOutputs.TextType),
            _ => new RunOutput(p.Name, p.Value.GetRawText(), RunOutputs.TextType),
        }).ToList();
        var text = RunOutputs.Serialize(outputs);
        return text is not null && RunOutputs.Fits(text) ? text : null;
    }
}

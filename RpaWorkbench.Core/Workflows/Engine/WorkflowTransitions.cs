using System.Text.Encodings.Web;
using System.Text.Json;

namespace RpaWorkbench.Core.Workflows.Engine;

/// <summary>
/// The moves of the run state machine on tracked rows, in the caller's transaction (never saves): an attempt ends, the
/// run moves on after an ended attempt (next step, retry with backoff, on-failure stop / continue / go-to), pauses,
/// finishes. Each move writes its log line. The engine and the dispatch listener share them.
/// </summary>
internal static class WorkflowTransitions
{
    private const int SummaryLength = 300;

    /// <summary>Ends an open attempt in <paramref name="state"/>; <paramref name="outputs"/> replaces its outputs when given.</summary>
    public static void EndAttempt(WorkbenchDbContext db, WorkflowStepRun attempt, WorkflowStepState state, string? error, string? outputs, DateTime now)
    {
        attempt.State = state;
        attempt.Error = Clip(error, WorkflowStepRun.MaxErrorLength);
        attempt.Outputs = outputs ?? attempt.Outputs;
        attempt.EndedAt = now;
        attempt.LeaseUntil = null;
        attempt.Version++;
        var what = $"Step \"{attempt.StepName}\" attempt {attempt.Attempt}";
        if (state == WorkflowStepState.Succeeded)
        {
            WorkflowRunLog.Add(db, attempt.RunId, attempt.Id, WorkflowLogLevel.Info, $"{what} succeeded; outputs {Summary(attempt.Outputs)}.", now);
        }
        else
        {
            WorkflowRunLog.Add(db, attempt.RunId, attempt.Id, WorkflowLogLevel.Error, $"{what} {ContractName.Of(state)}: {error}", now);
        }
    }

    /// <summary>The attempt was dispatched (running, or waiting for a decision) with these rendered inputs.</summary>
    public static void StartAttempt(WorkbenchDbContext db, WorkflowStepRun attempt, WorkflowStepState state, object inputs, DateTime? dueAt, string how, DateTime now)
    {
        attempt.State = state;
        attempt.Inputs = JsonSerializer.Serialize(inputs, WorkflowJson.Readable);
        attempt.StartedAt = now;
        attempt.DueAt = dueAt;
        attempt.Version++;
        WorkflowRunLog.Add(db, attempt.RunId, attempt.Id, WorkflowLogLevel.Info,
            $"Step \"{attempt.StepName}\" attempt {attempt.Attempt} {how}; inputs {Summary(attempt.Inputs)}.", now);
    }

    /// <summary>Someone outside the engine changed the run (a robot run ended): the engine looks at it now.</summary>
    public static void Wake(WorkflowRun run, DateTime now)
    {
        run.NextWakeAt = now;
        run.UpdatedAt = now;
        run.Version++;
    }

    /// <summary>
    /// What follows the ended <paramref name="attempt"/> of the run's current step: a retry, the next step or the
    /// on-failure rule's, or the run's end. Returns the new pending attempt, or null when the run ended.
    /// </summary>
    public static WorkflowStepRun? AfterEnded(WorkbenchDbContext db, WorkflowRun run, WorkflowDefinition definition,
        IList<WorkflowStepRun> attempts, WorkflowStepRun attempt, DateTime now)
    {
        var step = definition.Steps[attempt.StepIndex];
        int next;
        if (attempt.State == WorkflowStepState.Succeeded)
        {
            next = attempt.StepIndex + 1;
        }
        else if (attempt.Attempt < step.Attempts)
        {
            var backoff = TimeSpan.FromSeconds(step.BackoffSeconds * Math.Pow(2, attempt.Attempt - 1));
            var retry = AddAttempt(db, run, attempts, attempt.StepIndex, step.Name, now, now + backoff);
            Log(db, run, WorkflowLogLevel.Warn, $"Step \"{step.Name}\" is tried again (attempt {retry.Attempt} of {step.Attempts}) after {backoff:g}.", now);
            return retry;
        }
        else
        {
            switch (step.OnFailure)
            {
                case WorkflowFailureAction.Continue:
                    Log(db, run, WorkflowLogLevel.Warn, $"Step \"{step.Name}\" failed; the run continues (on failure: continue).", now);
                    next = attempt.StepIndex + 1;
                    break;
                case WorkflowFailureAction.GoTo when IndexOf(definition, step.GoTo) is { } target:
                    Log(db, run, WorkflowLogLevel.Warn, $"Step \"{step.Name}\" failed; the run goes on with step \"{step.GoTo}\" (on failure: go to).", now);
                    next = target;
                    break;
                default:
                    Fail(db, run, $"Step \"{step.Name}\" failed: {attempt.Error}", now);
                    return null;
            }
        }

        if (next >= definition.Steps.Count)
        {
            run.State = WorkflowRunState.Succeeded;
            run.CurrentStepIndex = null;
            Finish(db, run, WorkflowLogLevel.Info, "The run succeeded.", now);
            return null;
        }

        run.CurrentStepIndex = next;
        return AddAttempt(db, run, attempts, next, definition.Steps[next].Name, now, notBefore: null);
    }

    /// <summary>The run fails on its current step (it can be restarted from there).</summary>
    public static void Fail(WorkbenchDbContext db, WorkflowRun run, string error, DateTime now)
    {
        run.State = WorkflowRunState.Failed;
        run.Error = Clip(error, WorkflowRun.MaxErrorLength);
        Finish(db, run, WorkflowLogLevel.Error, "The run failed: " + error, now);
    }

    /// <summary>A pause asked for takes effect: the next attempt waits, not dispatched, until the run is resumed.</summary>
    public static void Pause(WorkbenchDbContext db, WorkflowRun run, DateTime now)
    {
        run.State = WorkflowRunState.Paused;
        run.PauseRequested = false;
        run.NextWakeAt = null;
        Log(db, run, WorkflowLogLevel.Info, "The run paused; resume it to go on.", now);
    }

    /// <summary>A JSON text cut to a length a log line can show.</summary>
    public static string Summary(string? json) =>
        string.IsNullOrEmpty(json) ? "{}" : json.Length <= SummaryLength ? json : json[..(SummaryLength - 1)] + "…";

    private static void Finish(WorkbenchDbContext db, WorkflowRun run, WorkflowLogLevel level, string message, DateTime now)
    {
        run.PauseRequested = false;
        run.NextWakeAt = null;
        run.FinishedAt = now;
        Log(db, run, level, message, now);
    }

    private static WorkflowStepRun AddAttempt(WorkbenchDbContext db, WorkflowRun run, IList<WorkflowStepRun> attempts, int index, string name,
        DateTime now, DateTime? notBefore)
    {
        var attempt = new WorkflowStepRun
        {
            RunId = run.Id,
            StepIndex = index,
            StepName = name,
            Attempt = attempts.Where(a => a.StepIndex == index).Select(a => a.Attempt).DefaultIfEmpty(0).Max() + 1,
            CreatedAt = now,
            NotBefore = notBefore,
        };
        db.WorkflowStepRuns.Add(attempt);
        attempts.Add(attempt);
        return attempt;
    }

    private static int? IndexOf(WorkflowDefinition definition, string? name)
    {
        for (var i = 0; i < definition.Steps.Count; i++)
        {
            if (definition.Steps[i].Name == name)
            {
                return i;
            }
        }

        return null;
    }

    private static void Log(WorkbenchDbContext db, WorkflowRun run, WorkflowLogLevel level, string message, DateTime now) =>
        WorkflowRunLog.Add(db, run.Id, null, level, message, now);

    private static string? Clip(string? text, int length) => text is not null && text.Length > length ? text[..(length - 1)] + "…" : text;
}

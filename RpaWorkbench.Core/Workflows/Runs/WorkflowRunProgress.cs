namespace RpaWorkbench.Core.Workflows.Runs;

/// <summary>How far a run is (0-100, weighted by its steps' usual durations) and when it should end (null: unknown or not running).</summary>
public sealed record WorkflowRunProgress(int Percent, DateTime? Eta)
{
    /// <summary>The running step counts at most this share of its weight, however long it has run.</summary>
    public const double RunningStepCap = 0.95;

    /// <summary>
    /// A run's progress: each step weighs its usual duration (<paramref name="medians"/>, by step name; a wait step its
    /// configured seconds; a step without history the median of the others', or 1 when none has history). Steps before
    /// the current one count fully; the current one, while running, min(elapsed / weight, 95 %). The ETA is now plus the
    /// remaining weight's time, for running runs whose weights come from some known duration; an approval's time is a
    /// person's and never counts towards it.
    /// </summary>
    public static WorkflowRunProgress Of(WorkflowRun run, WorkflowDefinition definition, WorkflowStepRun? currentAttempt,
        IReadOnlyDictionary<string, double> medians, DateTime now)
    {
        if (run.State == WorkflowRunState.Succeeded)
        {
            return new WorkflowRunProgress(100, null);
        }

        var steps = definition.Steps;
        var known = steps.Select(s => KnownSeconds(s, medians)).ToList();
        var others = known.Where(k => k is not null).Select(k => k!.Value).ToList();
        var fallback = others.Count == 0 ? 1 : Median(others);
        var weights = known.Select(k => k ?? fallback).ToList();
        var total = weights.Sum();
        var current = Math.Clamp(run.CurrentStepIndex ?? steps.Count, 0, steps.Count);

        var done = weights.Take(current).Sum();
        var currentDone = 0.0;
        if (current < steps.Count && currentAttempt is { State: WorkflowStepState.Running, StartedAt: { } started })
        {
            currentDone = weights[current] * Math.Min((now - started).TotalSeconds / weights[current], RunningStepCap);
        }

        var percent = total <= 0 ? 0 : (int)Math.Floor((done + Math.Max(currentDone, 0)) / total * 100);
        DateTime? eta = null;
        if (run.State == WorkflowRunState.Running && others.Count > 0)
        {
            var remaining = Enumerable.Range(current, steps.Count - current)
                .Where(i => steps[i].Kind != WorkflowStepKind.Approval)
                .Sum(i => weights[i]) - (current < steps.Count && steps[current].Kind != WorkflowStepKind.Approval ? Math.Max(currentDone, 0) : 0);
            eta = now + TimeSpan.FromSeconds(remaining);
        }

        return new WorkflowRunProgress(Math.Clamp(percent, 0, 100), eta);
    }

    /// <summary>The middle value (the mean of the two middle ones for an even count) of a non-empty list.</summary>
    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToList();
        var middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static double? KnownSeconds(WorkflowStep step, IReadOnlyDictionary<string, double> medians) =>
        step.Kind == WorkflowStepKind.Wait && step.Wait?.Seconds is { } seconds ? seconds
        : medians.TryGetValue(step.Name, out var median) ? median
        : null;
}

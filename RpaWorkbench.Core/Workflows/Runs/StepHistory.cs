namespace RpaWorkbench.Core.Workflows.Runs;

/// <summary>How long a workflow's steps usually take: per step name, the median of its last succeeded attempts in any run of the workflow.</summary>
internal sealed class StepHistory(WorkbenchDbContext db)
{
    /// <summary>How many of a step's latest succeeded attempts its median is taken over.</summary>
    public const int Window = 50;

    private readonly Dictionary<(long WorkflowId, string Step), double?> _cache = [];

    /// <summary>Median seconds by step name, for the definition's steps that have succeeded before.</summary>
    public async Task<IReadOnlyDictionary<string, double>> MediansAsync(long workflowId, WorkflowDefinition definition, CancellationToken cancellationToken)
    {
        var medians = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in definition.Steps.Select(s => s.Name).Distinct())
        {
            if (!_cache.TryGetValue((workflowId, name), out var median))
            {
                median = await MedianAsync(workflowId, name, cancellationToken);
                _cache[(workflowId, name)] = median;
            }

            if (median is { } seconds)
            {
                medians[name] = seconds;
            }
        }

        return medians;
    }

    private async Task<double?> MedianAsync(long workflowId, string name, CancellationToken cancellationToken)
    {
        var spans = await db.WorkflowStepRuns.AsNoTracking()
            .Where(s => s.StepName == name && s.State == WorkflowStepState.Succeeded && s.StartedAt != null && s.EndedAt != null
                && s.Run!.WorkflowId == workflowId)
            .OrderByDescending(s => s.EndedAt).ThenByDescending(s => s.Id).Take(Window)
            .Select(s => new { Started = s.StartedAt!.Value, Ended = s.EndedAt!.Value })
            .ToListAsync(cancellationToken);
        return spans.Count == 0 ? null : WorkflowRunProgress.Median([.. spans.Select(s => Math.Max((s.Ended - s.Started).TotalSeconds, 0))]);
    }
}

namespace RpaWorkbench.Core.Workflows.Runs;

/// <summary>
/// Workflow runs as pages, the REST API and MCP read them (any signed-in role): lists, a run's timeline of step
/// attempts, its log, and its progress and ETA (<see cref="WorkflowRunProgress"/>) from the workflow's step history
/// (<see cref="StepHistory"/>).
/// </summary>
public sealed class WorkflowRunReads(IDbContextFactory<WorkbenchDbContext> contexts, TimeProvider clock, ICurrentUser user)
{
    public const int MaxLogLines = 1000;

    /// <summary>One page of runs, newest first, with their progress, and the total number of matches.</summary>
    public async Task<PageResult<WorkflowRunRow>> ListAsync(WorkflowRunQuery query, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var runs = Filter(db.WorkflowRuns.AsNoTracking(), query);
        var total = await runs.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, WorkflowRunQuery.MaxPageSize);
        var page = await runs.Include(r => r.Workflow).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
            .Skip(Math.Max(query.Page, 0) * pageSize).Take(pageSize).ToListAsync(cancellationToken);

        var versionIds = page.Select(r => r.WorkflowVersionId).Distinct().ToList();
        var definitions = await db.WorkflowVersions.AsNoTracking().Where(v => versionIds.Contains(v.Id))
            .ToDictionaryAsync(v => v.Id, v => v.Definition, cancellationToken);
        var runIds = page.Select(r => r.Id).ToList();
        var latest = (await db.WorkflowStepRuns.AsNoTracking().Where(s => runIds.Contains(s.RunId)).ToListAsync(cancellationToken))
            .GroupBy(s => s.RunId).ToDictionary(g => g.Key, g => g.OrderBy(s => s.Id).ToList());
        var history = new StepHistory(db);
        var rows = new List<WorkflowRunRow>(page.Count);
        foreach (var run in page)
        {
            var medians = await history.MediansAsync(run.WorkflowId, definitions[run.WorkflowVersionId], cancellationToken);
            rows.Add(Row(run, definitions[run.WorkflowVersionId], latest.GetValueOrDefault(run.Id) ?? [], medians));
        }

        return new PageResult<WorkflowRunRow>(rows, total);
    }

    /// <summary>The run with its definition, timeline and progress; null when there is none.</summary>
    public async Task<WorkflowRunDetail?> GetAsync(long runId, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var run = await db.WorkflowRuns.AsNoTracking().Include(r => r.Workflow).Include(r => r.WorkflowVersion)
            .SingleOrDefaultAsync(r => r.Id == runId, cancellationToken);
        if (run is null)
        {
            return null;
        }

        var definition = run.WorkflowVersion!.Definition;
        var attempts = await db.WorkflowStepRuns.AsNoTracking().Where(s => s.RunId == runId).OrderBy(s => s.Id).ToListAsync(cancellationToken);
        var medians = await new StepHistory(db).MediansAsync(run.WorkflowId, definition, cancellationToken);
        var byStep = attempts.ToLookup(a => a.StepIndex);
        var steps = definition.Steps.Select((step, index) => new WorkflowTimelineStep(index, step.Name, step.DisplayName, step.Kind,
            [.. byStep[index].OrderBy(a => a.Attempt).Select(Attempt)])).ToList();
        return new WorkflowRunDetail(Row(run, definition, attempts, medians), run.Inputs, run.Error, run.UpdatedAt, definition, steps,
            WaitingApproval(definition, attempts));
    }

    /// <summary>The run's log lines in order, only those after <paramref name="afterId"/> when given (to append new ones); refuses an unknown run.</summary>
    public async Task<IReadOnlyList<WorkflowLogEntry>> LogsAsync(long runId, long? afterId, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.WorkflowRuns.AnyAsync(r => r.Id == runId, cancellationToken))
        {
            throw RunNotFound(runId);
        }

        var after = afterId ?? 0;
        return await (from line in db.WorkflowLogLines.AsNoTracking()
                      where line.RunId == runId && line.Id > after
                      join step in db.WorkflowStepRuns on line.StepRunId equals step.Id into steps
                      from step in steps.DefaultIfEmpty()
                      orderby line.Id
                      select new WorkflowLogEntry(line.Id, line.At, line.Level, step == null ? null : step.StepName,
                          step == null ? null : step.Attempt, line.Message))
            .Take(MaxLogLines).ToListAsync(cancellationToken);
    }

    /// <summary>A workflow and its newest definition, as its runs page shows it; null when there is none.</summary>
    public async Task<WorkflowSummary?> WorkflowAsync(long workflowId, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.WorkflowVersions.AsNoTracking().Where(v => v.WorkflowId == workflowId && v.Number == v.Workflow!.LatestVersion)
            .Select(v => new WorkflowSummary(v.WorkflowId, v.Workflow!.Name, v.Workflow.Description, v.Workflow.Schedule, v.Number, v.Definition))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>The id of the workflow named <paramref name="idOrName"/> (its id, or its exact name); null when none is.</summary>
    public async Task<long?> WorkflowIdAsync(string idOrName, CancellationToken cancellationToken)
    {
        user.RequireRead();
        var text = idOrName.Trim();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        long? byId = long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        return await db.Workflows.Where(w => w.Id == byId || w.Name == text)
            .OrderBy(w => w.Id == byId ? 0 : 1).Select(w => (long?)w.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The status lists show: <c>pausing</c> for a running run whose pause was asked for.</summary>
    public static WorkflowRunStatus StatusOf(WorkflowRunState state, bool pauseRequested) => state switch
    {
        WorkflowRunState.Running => pauseRequested ? WorkflowRunStatus.Pausing : WorkflowRunStatus.Running,
        WorkflowRunState.Paused => WorkflowRunStatus.Paused,
        WorkflowRunState.Succeeded => WorkflowRunStatus.Succeeded,
        WorkflowRunState.Failed => WorkflowRunStatus.Failed,
        _ => WorkflowRunStatus.Cancelled,
    };

    /// <summary>The refusal of a run id that names no run (404 through REST).</summary>
    public static RuleViolationException RunNotFound(long id) =>
        new(ErrorCodes.NotFound, $"Workflow run {id} does not exist (it may have been deleted).");

    private static IQueryable<WorkflowRun> Filter(IQueryable<WorkflowRun> runs, WorkflowRunQuery query)
    {
        if (query.WorkflowId is { } workflowId)
        {
            runs = runs.Where(r => r.WorkflowId == workflowId);
        }

        runs = query.Status switch
        {
            null => runs,
            WorkflowRunStatus.Running => runs.Where(r => r.State == WorkflowRunState.Running && !r.PauseRequested),
            WorkflowRunStatus.Pausing => runs.Where(r => r.State == WorkflowRunState.Running && r.PauseRequested),
            WorkflowRunStatus.Paused => runs.Where(r => r.State == WorkflowRunState.Paused),
            WorkflowRunStatus.Succeeded => runs.Where(r => r.State == WorkflowRunState.Succeeded),
            WorkflowRunStatus.Failed => runs.Where(r => r.State == WorkflowRunState.Failed),
            _ => runs.Where(r => r.State == WorkflowRunState.Cancelled),
        };
        if (query.Trigger is { } trigger)
        {
            runs = runs.Where(r => r.Trigger == trigger);
        }

        if (query.StartedFrom is { } from)
        {
            runs = runs.Where(r => r.CreatedAt >= from);
        }

        if (query.StartedTo is { } to)
        {
            runs = runs.Where(r => r.CreatedAt < to);
        }

        return runs;
    }

    private WorkflowRunRow Row(WorkflowRun run, WorkflowDefinition definition, IReadOnlyList<WorkflowStepRun> attempts,
        IReadOnlyDictionary<string, double> medians)
    {
        var index = run.CurrentStepIndex is { } i && i < definition.Steps.Count ? i : (int?)null;
        var current = index is null ? null : attempts.Where(a => a.StepIndex == index).MaxBy(a => a.Attempt);
        var progress = WorkflowRunProgress.Of(run, definition, current, medians, clock.GetUtcNow().UtcDateTime);
        return new WorkflowRunRow(run.Id, run.WorkflowId, run.Workflow!.Name, run.VersionNumber, StatusOf(run.State, run.PauseRequested),
            run.Trigger, run.StartedBy, run.CreatedAt, run.FinishedAt, index, index is { } at ? definition.Steps[at].DisplayName : null,
            progress.Percent, progress.Eta, run.Version);
    }

    private static WorkflowStepAttempt Attempt(WorkflowStepRun a) => new(a.Id, a.Attempt, a.State, a.CreatedAt, a.StartedAt, a.EndedAt,
        a.Duration?.TotalSeconds, a.DueAt, a.Inputs, a.Outputs, a.Error, a.DecidedBy, a.Comment, a.DispatchRunId);

    private static WorkflowWaitingApproval? WaitingApproval(WorkflowDefinition definition, IReadOnlyList<WorkflowStepRun> attempts)
    {
        var waiting = attempts.LastOrDefault(a => a.State == WorkflowStepState.Waiting);
        if (waiting is null || waiting.StepIndex >= definition.Steps.Count)
        {
            return null;
        }

        var step = definition.Steps[waiting.StepIndex];
        return new WorkflowWaitingApproval(waiting.StepIndex, step.Name, step.DisplayName, step.Approval?.Approver ?? WorkflowApprover.Operator,
            ApprovalMessage(waiting.Inputs) ?? step.Approval?.Message, waiting.DueAt);
    }

    // The engine keeps the rendered message in the attempt's inputs ({"message": "…"}); the template stands in before that.
    private static string? ApprovalMessage(string? inputs)
    {
        if (string.IsNullOrWhiteSpace(inputs))
        {
            return null;
        }

        try
        {
            using var json = System.Text.Json.JsonDocument.Parse(inputs);
            return json.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && json.RootElement.TryGetProperty("message", out var message) && message.ValueKind == System.Text.Json.JsonValueKind.String
                ? message.GetString()
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}

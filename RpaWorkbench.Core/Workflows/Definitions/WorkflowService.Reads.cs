using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Workflows.Definitions;

public sealed partial class WorkflowService
{
    /// <summary>One page of workflows whose name contains the search, sorted by name, with the total number of matches.</summary>
    public async Task<PageResult<WorkflowRow>> ListAsync(WorkflowQuery query, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var workflows = db.Workflows.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = LikePattern.Contains(query.Search.Trim());
            workflows = workflows.Where(w => EF.Functions.Like(SqlText.Lower(w.Name), pattern, LikePattern.Escape));
        }

        var total = await workflows.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, WorkflowQuery.MaxPageSize);
        var page = await workflows.OrderBy(w => w.Name).ThenBy(w => w.Id)
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .Select(w => new
            {
                Workflow = w,
                Latest = db.WorkflowVersions.Where(v => v.WorkflowId == w.Id && v.Number == w.LatestVersion).Select(v => v.Definition).FirstOrDefault(),
                LastRun = db.WorkflowRuns.Where(r => r.WorkflowId == w.Id).OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id)
                    .Select(r => new { r.State, r.CreatedAt }).FirstOrDefault(),
                OpenRuns = db.WorkflowRuns.Count(r => r.WorkflowId == w.Id && (r.State == WorkflowRunState.Running || r.State == WorkflowRunState.Paused)),
            })
            .ToListAsync(cancellationToken);
        var rows = page.Select(p => new WorkflowRow(
            p.Workflow.Id, p.Workflow.Name, p.Workflow.Description, p.Workflow.LatestVersion, p.Latest?.Steps.Count ?? 0, p.Workflow.Schedule,
            p.LastRun?.State, p.LastRun?.CreatedAt, p.OpenRuns, p.Workflow.UpdatedAt, p.Workflow.Version)).ToList();
        return new PageResult<WorkflowRow>(rows, total);
    }

    /// <summary>The workflow with its newest definition, or the version numbered <paramref name="versionNumber"/>; null when either does not exist.</summary>
    public async Task<WorkflowDetail?> GetAsync(long id, int? versionNumber, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var workflow = await db.Workflows.AsNoTracking().SingleOrDefaultAsync(w => w.Id == id, cancellationToken);
        if (workflow is null)
        {
            return null;
        }

        var number = versionNumber ?? workflow.LatestVersion;
        var version = await db.WorkflowVersions.AsNoTracking().SingleOrDefaultAsync(v => v.WorkflowId == id && v.Number == number, cancellationToken);
        return version is null ? null : new WorkflowDetail(
            workflow.Id, workflow.Name, workflow.Description, workflow.Schedule, workflow.LatestVersion, version.Number, version.Definition.Inputs, version.Definition.Steps,
            workflow.CreatedBy, workflow.CreatedAt, workflow.UpdatedAt, workflow.Version);
    }

    /// <summary>The workflow's versions, newest first; null when there is no such workflow.</summary>
    public async Task<IReadOnlyList<WorkflowVersionRow>?> VersionsAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Workflows.AnyAsync(w => w.Id == id, cancellationToken))
        {
            return null;
        }

        var versions = await db.WorkflowVersions.AsNoTracking().Where(v => v.WorkflowId == id).OrderByDescending(v => v.Number).ToListAsync(cancellationToken);
        return [.. versions.Select(v => new WorkflowVersionRow(v.Number, v.Definition.Steps.Count, v.CreatedBy, v.CreatedAt))];
    }

    /// <summary>Every task a step may run (robot tasks and Dify tasks), by name, with the parameters each declares: the editor's task picker.</summary>
    public async Task<IReadOnlyList<WorkflowStepTask>> StepTasksAsync(CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tasks = await StepTasks(db.Tasks).ToListAsync(cancellationToken);
        return [.. tasks.OrderBy(t => t.Name, StringComparer.CurrentCulture).ThenBy(t => t.Id)];
    }

    private static IQueryable<WorkflowStepTask> StepTasks(IQueryable<RobotTask> tasks) =>
        tasks.AsNoTracking().Select(t => new WorkflowStepTask(t.Id, t.TaskName, t.Dify != null, t.Parameters));
}

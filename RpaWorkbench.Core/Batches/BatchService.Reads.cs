namespace RpaWorkbench.Core.Batches;

public sealed partial class BatchService
{
    /// <summary>The window the pace of a batch is measured over.</summary>
    public static readonly TimeSpan ThroughputWindow = TimeSpan.FromMinutes(10);

    /// <summary>One page of batches, newest first, with their items' counts per state and the total number of matches.</summary>
    public async Task<PageResult<BatchRow>> ListAsync(BatchQuery query, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var batches = db.Batches.AsNoTracking();
        if (query.State is { } state)
        {
            batches = batches.Where(b => b.State == state);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = LikePattern.Contains(query.Search.Trim());
            batches = batches.Where(b => EF.Functions.Like(SqlText.Lower(b.Name), pattern, LikePattern.Escape));
        }

        if (query.TaskId is { } taskId)
        {
            batches = batches.Where(b => b.TaskId == taskId);
        }

        var total = await batches.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, BatchQuery.MaxPageSize);
        var page = await Project(batches.OrderByDescending(b => b.CreatedAt).ThenByDescending(b => b.Id))
            .Skip(Math.Max(query.Page, 0) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        var ids = page.Select(p => p.Row.Id).ToList();
        var counts = (await db.BatchItems.Where(i => ids.Contains(i.BatchId))
                .GroupBy(i => new { i.BatchId, i.State })
                .Select(g => new { g.Key.BatchId, g.Key.State, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .ToLookup(c => c.BatchId, c => (c.State, c.Count));
        return new PageResult<BatchRow>([.. page.Select(p => p.Row with { Counts = BatchCounts.Of(counts[p.Row.Id]) })], total);
    }

    /// <summary>The batch with this id, its counts per state, pace and expected time to finish; null when there is none.</summary>
    public async Task<BatchDetail?> GetAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var found = await Project(db.Batches.AsNoTracking().Where(b => b.Id == id)).SingleOrDefaultAsync(cancellationToken);
        if (found is null)
        {
            return null;
        }

        var counts = BatchCounts.Of((await db.BatchItems.Where(i => i.BatchId == id)
                .GroupBy(i => i.State)
                .Select(g => new { State = g.Key, Count = g.Count() })
                .ToListAsync(cancellationToken))
            .Select(c => (c.State, c.Count)));
        var row = found.Row with { Counts = counts };

        var now = clock.GetUtcNow().UtcDateTime;
        var since = now - ThroughputWindow > row.CreatedAt ? now - ThroughputWindow : row.CreatedAt;
        var ended = await db.BatchItems.CountAsync(i => i.BatchId == id && i.EndedAt >= since
            && (i.State == BatchItemState.Successful || i.State == BatchItemState.Failed || i.State == BatchItemState.Abandoned), cancellationToken);
        // At least a minute, so the first items of a fresh batch do not promise a pace it cannot keep.
        var perMinute = ended / Math.Max((now - since).TotalMinutes, 1);
        TimeSpan? eta = row.State == BatchState.Running && perMinute > 0 && counts.Remaining > 0
            ? TimeSpan.FromMinutes(counts.Remaining / perMinute)
            : null;
        return new BatchDetail(row, found.Columns, Math.Round(perMinute, 2), eta);
    }

    /// <summary>One page of a batch's items in row order, optionally of one state; refuses an unknown batch.</summary>
    public async Task<PageResult<BatchItemRow>> ItemsAsync(long id, BatchItemQuery query, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        if (!await db.Batches.AnyAsync(b => b.Id == id, cancellationToken))
        {
            throw NotFound(id);
        }

        var items = db.BatchItems.AsNoTracking().Where(i => i.BatchId == id);
        if (query.State is { } state)
        {
            items = items.Where(i => i.State == state);
        }

        var total = await items.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, BatchItemQuery.MaxPageSize);
        var page = await items.OrderBy(i => i.RowNumber)
            .Skip(Math.Max(query.Page, 0) * pageSize).Take(pageSize)
            .Select(i => new BatchItemRow(i.Id, i.RowNumber, i.State, i.Attempts, i.RunId, i.LastError, i.Outputs, i.Values, i.StartedAt, i.EndedAt))
            .ToListAsync(cancellationToken);
        return new PageResult<BatchItemRow>(page, total);
    }

    private sealed record Projected(BatchRow Row, IReadOnlyList<string> Columns);

    // The counts are filled in afterwards, from one grouped query over the items.
    private static IQueryable<Projected> Project(IQueryable<Batch> batches)
    {
        var none = BatchCounts.None;
        return batches.Select(b => new Projected(
            new BatchRow(b.Id, b.Name, b.TaskId, b.Task!.TaskName, b.State, b.Priority, b.MaxRetries, b.Concurrency, b.WaitTimeoutSeconds,
                b.SourceFileName, b.ItemCount, none, b.CreatedBy, b.CreatedAt, b.UpdatedAt, b.FinishedAt, b.Version),
            b.Columns));
    }
}

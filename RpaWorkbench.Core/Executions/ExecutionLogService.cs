namespace RpaWorkbench.Core.Executions;

/// <summary>
/// Reads execution logs for the logs page and its detail view; any signed-in role may read. Built for a million rows:
/// every page costs about the same whatever the table size (measured in docs/benchmarks.md, reasons in
/// docs/adr/0020-logs-page-does-bounded-work.md) —
/// <list type="bullet">
/// <item>the count stops at <see cref="CountCap"/> + 1 matches ("10,000+"), so it never walks the whole table;</item>
/// <item>start time order (the default, newest first) is served by the index that matches the filter;</item>
/// <item>other orders sort the newest <see cref="CountCap"/> matching runs, never the whole table;</item>
/// <item>free text is matched in the newest <see cref="TextScanLimit"/> runs that match the other filters.</item>
/// </list>
/// </summary>
public sealed class ExecutionLogService(IDbContextFactory<WorkbenchDbContext> contexts, ICurrentUser user)
{
    /// <summary>The count stops here: a page reports at most this many + 1 matches, meaning "more than this".</summary>
    public const int CountCap = 10_000;

    /// <summary>Free text is searched in this many of the newest runs that match the other filters.</summary>
    public const int TextScanLimit = 5_000;

    /// <summary>New runs are counted up to this many + 1 ("999+").</summary>
    public const int NewCountCap = 999;

    public const int MaxPageSize = 200;

    /// <summary>Summary and error text in list rows are cut to this many characters; the detail has them whole.</summary>
    public const int ListTextLength = 200;

    // Loose index scan: one index seek per distinct value instead of reading every row (see NamesAsync). The column is
    // one of ours, never input. SQLite stops the recursion at the CTE's LIMIT; PostgreSQL refuses a LIMIT there but
    // computes the CTE only as far as the outer LIMIT reads it.
    private static string DistinctValuesSql(string column, bool postgreSql) => $"""
        WITH RECURSIVE "names"("name") AS (
            SELECT MIN("{column}") FROM "ExecutionLogs"
            UNION ALL
            SELECT (SELECT MIN("{column}") FROM "ExecutionLogs" WHERE "{column}" > "names"."name")
            FROM "names" WHERE "names"."name" IS NOT NULL
            {(postgreSql ? "" : "LIMIT 1001")})
        SELECT "name" AS "Value" FROM "names" WHERE "name" IS NOT NULL
        {(postgreSql ? "LIMIT 1001" : "")}
        """;

    /// <summary>
    /// One page of the runs matching the filter, and their number up to <see cref="CountCap"/> + 1 (a total above
    /// <see cref="CountCap"/> means "more than that"). Zero-based <paramref name="page"/>; pages past the counted rows are empty.
    /// </summary>
    public async Task<PageResult<ExecutionLogRow>> ListAsync(
        ExecutionLogFilter filter, ExecutionLogSort sort, bool descending, int page, int pageSize, CancellationToken cancellationToken)
    {
        user.RequireRead();
        pageSize = Math.Clamp(pageSize, 1, MaxPageSize);
        var skip = Math.Max(page, 0) * pageSize;
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var matching = Matching(db, filter);

        var total = await matching.Take(CountCap + 1).CountAsync(cancellationToken);
        if (skip >= total)
        {
            return new PageResult<ExecutionLogRow>([], total);
        }

        var rows = await Project(Order(matching, sort, descending).Skip(skip).Take(pageSize)).ToListAsync(cancellationToken);
        return new PageResult<ExecutionLogRow>(rows, total);
    }

    /// <summary>Every field of the run with this id, or null.</summary>
    public async Task<ExecutionLogDetail?> GetAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ExecutionLogs.AsNoTracking()
            .Where(l => l.Id == id)
            .Select(l => new ExecutionLogDetail(
                l.Id, l.ExecutionId, l.Text, l.AppName, l.ShadowBotAccount, l.HostIp, l.Status, l.StartTime, l.EndTime,
                l.DurationSeconds, l.TotalItems, l.SuccessItems, l.FailedItems, l.LogInfo, l.Screenshot, l.ScreenshotUrl,
                l.LogUrl, l.LogContent, l.ErrorMessage, l.TaskId, l.Task != null ? l.Task.TaskName : null, l.AccountId, l.CreatedAt,
                l.Outputs, l.ShadowBotJobUuid))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The id of the newest stored run with this execution id (a queued run's id), or null while none is stored. Only
    /// runs that started after <paramref name="startedAfter"/> are looked at: the start-time index bounds the search.
    /// </summary>
    public async Task<long?> FindRunAsync(string executionId, DateTime startedAfter, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ExecutionLogs.AsNoTracking()
            .Where(l => l.StartTime >= startedAfter && l.ExecutionId == executionId)
            .OrderByDescending(l => l.Id)
            .Select(l => (long?)l.Id)
            .FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>The id of the newest stored run (0 when there is none): the mark <see cref="CountNewerAsync"/> counts from.</summary>
    public async Task<long> LatestIdAsync(CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.ExecutionLogs.MaxAsync(l => (long?)l.Id, cancellationToken) ?? 0;
    }

    /// <summary>How many runs stored after <paramref name="afterId"/> match the filter, up to <see cref="NewCountCap"/> + 1.</summary>
    public async Task<int> CountNewerAsync(ExecutionLogFilter filter, long afterId, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // The id range (the rowid) bounds the scan to the new rows, whatever the filter.
        return await filter.Apply(db.ExecutionLogs.Where(l => l.Id > afterId)).Take(NewCountCap + 1).CountAsync(cancellationToken);
    }

    /// <summary>The distinct robot accounts that have runs, in order (at most 1,001), for the filter's suggestions.</summary>
    public Task<List<string>> AccountNamesAsync(CancellationToken cancellationToken) => NamesAsync(nameof(ExecutionLog.ShadowBotAccount), cancellationToken);

    /// <summary>The distinct apps that have runs, in order (at most 1,001), for the filter's suggestions.</summary>
    public Task<List<string>> AppNamesAsync(CancellationToken cancellationToken) => NamesAsync(nameof(ExecutionLog.AppName), cancellationToken);

    private async Task<List<string>> NamesAsync(string column, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Database.SqlQueryRaw<string>(DistinctValuesSql(column, db.Database.IsNpgsql())).ToListAsync(cancellationToken);
    }

    /// <summary>The runs the filter selects; free text only within the newest <see cref="TextScanLimit"/> candidates.</summary>
    private static IQueryable<ExecutionLog> Matching(WorkbenchDbContext db, ExecutionLogFilter filter)
    {
        var candidates = filter.ApplyIndexed(db.ExecutionLogs.AsNoTracking());
        return string.IsNullOrWhiteSpace(filter.Text)
            ? candidates
            : filter.ApplyText(NewestFirst(candidates).Take(TextScanLimit));
    }

    private static IQueryable<ExecutionLog> Order(IQueryable<ExecutionLog> logs, ExecutionLogSort sort, bool descending)
    {
        if (sort == ExecutionLogSort.StartTime)
        {
            return ByStartTime(logs, descending);
        }

        // No index orders by these: sort the newest CountCap matches (what the capped count covers), not the table.
        var window = NewestFirst(logs).Take(CountCap);
        var sorted = sort switch
        {
            ExecutionLogSort.EndTime => window.SortBy(l => l.EndTime, descending),
            ExecutionLogSort.Duration => window.SortBy(l => l.DurationSeconds, descending),
            ExecutionLogSort.Account => window.SortBy(l => l.ShadowBotAccount, descending),
            ExecutionLogSort.App => window.SortBy(l => l.AppName, descending),
            _ => window.SortBy(l => l.Status, descending),
        };
        return descending ? sorted.ThenByDescending(l => l.Id) : sorted.ThenBy(l => l.Id);
    }

    private static IQueryable<ExecutionLog> NewestFirst(IQueryable<ExecutionLog> logs) => ByStartTime(logs, descending: true);

    private static IQueryable<ExecutionLog> ByStartTime(IQueryable<ExecutionLog> logs, bool descending) => descending
        ? logs.OrderByDescending(l => l.StartTime).ThenByDescending(l => l.Id)
        : logs.OrderBy(l => l.StartTime).ThenBy(l => l.Id);

    private static IQueryable<ExecutionLogRow> Project(IQueryable<ExecutionLog> logs) =>
        logs.Select(l => new ExecutionLogRow(
            l.Id, l.StartTime, l.EndTime, l.DurationSeconds, l.ShadowBotAccount, l.AppName, l.Status,
            l.Text == null ? null : l.Text.Substring(0, ListTextLength),
            l.TotalItems, l.SuccessItems, l.FailedItems,
            l.ErrorMessage == null ? null : l.ErrorMessage.Substring(0, ListTextLength),
            l.HostIp, l.ScreenshotUrl != null, l.LogUrl != null || l.LogContent != null));
}

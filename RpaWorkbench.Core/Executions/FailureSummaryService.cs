using RpaWorkbench.Core.Dashboard;

namespace RpaWorkbench.Core.Executions;

/// <summary>
/// The most common failure reasons of the runs in a window, with a few example runs each. Counts the same runs as the
/// dashboard's top failure messages (failed, timed-out and lost; see <see cref="FailureRollup.CountedStatuses"/>), but
/// from the logs: the roll-up is kept per operator-zone day and holds no run ids, so it can answer neither a window
/// of arbitrary instants nor "which runs". The work is bounded: only the newest <see cref="ScanLimit"/> failures of
/// the window are grouped. Any signed-in role may read.
/// </summary>
public sealed class FailureSummaryService(IDbContextFactory<WorkbenchDbContext> contexts, ICurrentUser user)
{
    /// <summary>At most this many failures (the newest of the window) are grouped.</summary>
    public const int ScanLimit = 10_000;

    /// <summary>
    /// The <paramref name="top"/> most frequent error messages (null: runs that gave none) among the failures the filter
    /// matches, each with the ids of its newest <paramref name="examples"/> runs.
    /// </summary>
    public async Task<FailureSummary> GetAsync(ExecutionLogFilter filter, int top, int examples, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // One read of the newest failures, grouped here: the same sorted scan would otherwise be paid again for the
        // count and for each reason's examples.
        var newest = await filter.Apply(db.ExecutionLogs.AsNoTracking())
            .Where(l => FailureRollup.CountedStatuses.Contains(l.Status))
            .OrderByDescending(l => l.StartTime)
            .Take(ScanLimit)
            .Select(l => new { l.Id, l.StartTime, l.ErrorMessage })
            .ToListAsync(cancellationToken);

        // Newest first, so each group's first rows are its newest runs.
        var reasons = newest
            .GroupBy(l => l.ErrorMessage, StringComparer.Ordinal)
            .Select(g => new FailureReason(g.Key, g.Count(), g.First().StartTime, [.. g.Take(examples).Select(l => l.Id)]))
            .OrderByDescending(r => r.Count)
            .ThenByDescending(r => r.LastSeen)
            .Take(top)
            .ToList();
        return new FailureSummary(newest.Count, newest.Count >= ScanLimit, reasons);
    }
}

/// <summary>
/// The failures counted (at most <see cref="FailureSummaryService.ScanLimit"/>; <see cref="Truncated"/> when the window
/// held more, and only its newest were grouped) and the top reasons among them.
/// </summary>
public sealed record FailureSummary(int FailuresCounted, bool Truncated, IReadOnlyList<FailureReason> Reasons);

/// <summary>One error message, how many of the counted failures gave it, the newest one's start and example run ids (newest first).</summary>
public sealed record FailureReason(string? Message, int Count, DateTime LastSeen, IReadOnlyList<long> ExampleRunIds);

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
        var failures = filter.Apply(db.ExecutionLogs.AsNoTracking()).Where(l => FailureRollup.CountedStatuses.Contains(l.Status));
        var newest = failures.OrderByDescending(l => l.StartTime).Take(ScanLimit);

        var counted = await newest.CountAsync(cancellationToken);
        var reasons = await newest
            .GroupBy(l => l.ErrorMessage)
            .Select(g => new { Message = g.Key, Count = g.Count(), LastSeen = g.Max(l => l.StartTime) })
            .OrderByDescending(r => r.Count)
            .ThenByDescending(r => r.LastSeen)
            .Take(top)
            .ToListAsync(cancellationToken);

        var summary = new List<FailureReason>(reasons.Count);
        foreach (var reason in reasons)
        {
            var ids = await failures.Where(l => l.ErrorMessage == reason.Message)
                .OrderByDescending(l => l.StartTime)
                .Select(l => l.Id)
                .Take(examples)
                .ToListAsync(cancellationToken);
            summary.Add(new FailureReason(reason.Message, reason.Count, reason.LastSeen, ids));
        }

        return new FailureSummary(counted, counted >= ScanLimit, summary);
    }
}

/// <summary>
/// The failures counted (at most <see cref="FailureSummaryService.ScanLimit"/>; <see cref="Truncated"/> when the window
/// held more, and only its newest were grouped) and the top reasons among them.
/// </summary>
public sealed record FailureSummary(int FailuresCounted, bool Truncated, IReadOnlyList<FailureReason> Reasons);

/// <summary>One error message, how many of the counted failures gave it, the newest one's start and example run ids (newest first).</summary>
public sealed record FailureReason(string? Message, int Count, DateTime LastSeen, IReadOnlyList<long> ExampleRunIds);

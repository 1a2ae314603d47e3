using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Dashboard;

/// <summary>
/// Recomputes the daily roll-up and the failure roll-up from the logs, in one transaction that holds off the writers
/// meanwhile. Start-up runs it when the roll-ups were never built (an upgrade with existing logs, or a migration that
/// added a roll-up and cleared <see cref="RollupState"/>) or were built for another time zone.
/// </summary>
public sealed class DailyRollupRebuilder(
    IDbContextFactory<WorkbenchDbContext> contexts,
    OperatorTime time,
    TimeProvider clock,
    ILogger<DailyRollupRebuilder> logger)
{
    /// <summary>Replaces both roll-ups with a fresh aggregation of every log; returns how many rows each has.</summary>
    public async Task<RollupRebuild> RebuildAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (db.Database.IsNpgsql())
        {
            // SQLite's one writer holds the others off by itself. On PostgreSQL the roll-ups are locked before the logs
            // are read: a writer that adds logs waits to add them to the roll-ups until the rebuild commits, so its
            // runs are counted once, by it (those committed before the lock are in the rebuild's read).
            await db.Database.ExecuteSqlRawAsync(
                """LOCK TABLE "DailyRollups", "FailureRollups", "FailureMessages" IN EXCLUSIVE MODE""", cancellationToken);
        }

        var runs = new RollupBatch(time.Zone);
        var logs = db.ExecutionLogs.AsNoTracking()
            .Select(l => new { l.StartTime, l.ShadowBotAccount, l.AppName, l.Status, l.DurationSeconds, l.TotalItems, l.ErrorMessage })
            .AsAsyncEnumerable();
        await foreach (var log in logs.WithCancellation(cancellationToken))
        {
            runs.Add(log.StartTime, log.ShadowBotAccount, log.AppName, log.Status, log.DurationSeconds, log.TotalItems, log.ErrorMessage);
        }

        await db.DailyRollups.ExecuteDeleteAsync(cancellationToken);
        await db.FailureRollups.ExecuteDeleteAsync(cancellationToken);
        await db.FailureMessages.ExecuteDeleteAsync(cancellationToken);
        RollupWriter.Add(db, runs);
        await SaveStateAsync(db, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new RollupRebuild(runs.Daily.Rows.Count(), runs.Failures.Rows.Count());
    }

    /// <summary>Rebuilds when the roll-up was never built or its days were cut in another time zone.</summary>
    public async Task EnsureCurrentAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var state = await db.RollupStates.AsNoTracking().SingleOrDefaultAsync(cancellationToken);
        if (state is not null && state.TimeZone == time.Zone.Id)
        {
            return;
        }

        if (state is not null)
        {
            logger.LogWarning(
                "The dashboard roll-up was built for time zone {Built} but the operators' zone is now {Configured}: rebuilding it from the logs",
                state.TimeZone, time.Zone.Id);
        }

        var rebuilt = await RebuildAsync(cancellationToken);
        logger.LogInformation("Dashboard roll-ups built from the logs: {Rows} day × account × app rows, {FailureRows} failure-message rows in {Zone}",
            rebuilt.Rows, rebuilt.FailureRows, time.Zone.Id);
    }

    private async Task SaveStateAsync(WorkbenchDbContext db, CancellationToken cancellationToken)
    {
        var state = await db.RollupStates.SingleOrDefaultAsync(cancellationToken);
        if (state is null)
        {
            state = new RollupState { TimeZone = time.Zone.Id };
            db.RollupStates.Add(state);
        }

        state.TimeZone = time.Zone.Id;
        state.RebuiltAt = clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>What a rebuild wrote: <see cref="DailyRollup"/> rows and <see cref="FailureRollup"/> rows.</summary>
public sealed record RollupRebuild(int Rows, int FailureRows);

using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Alerts.Evaluation;

/// <summary>What one evaluation pass did: rules evaluated and committed, rules skipped (another instance committed first), alerts touched.</summary>
public sealed record AlertEvaluationPass(int Evaluated, int Skipped, int Alerts);

/// <summary>
/// Turns the Workbench's state into alerts: every <see cref="AlertEvaluationOptions.Interval"/>, and about a second
/// after a stored run or a robot, queue, batch or workflow run change, a pass evaluates every enabled rule (and ends
/// the firing alerts of disabled ones), each rule in its own transaction, then publishes <see cref="AlertChanged"/>
/// for the alerts it touched. Several instances may run it: a rule's cursor and version move in the same commit as its
/// alerts, and one firing alert per rule and subject is a unique index, so the instance that commits second fails
/// and leaves that rule to the next pass.
/// </summary>
internal sealed class AlertEvaluator(
    IDbContextFactory<WorkbenchDbContext> contexts,
    RuleEvaluation evaluation,
    IWorkbenchEvents events,
    IOptions<AlertEvaluationOptions> options,
    TimeProvider clock,
    ILogger<AlertEvaluator> logger) : BackgroundService
{
    private static readonly TimeSpan WakeDebounce = TimeSpan.FromSeconds(1);

    /// <summary>One pass over the rules.</summary>
    public async Task<AlertEvaluationPass> PassAsync(CancellationToken cancellationToken)
    {
        List<long> ruleIds;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            ruleIds = await db.AlertRules
                .Where(r => r.Enabled || db.Alerts.Any(a => a.RuleId == r.Id && a.State == AlertState.Firing))
                .OrderBy(r => r.Id).Select(r => r.Id).ToListAsync(cancellationToken);
        }

        var (evaluated, skipped, alerts) = (0, 0, await EndOrphansAsync(cancellationToken));
        foreach (var ruleId in ruleIds)
        {
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            if (await db.AlertRules.FirstOrDefaultAsync(r => r.Id == ruleId, cancellationToken) is not { } rule)
            {
                continue;
            }

            var touched = await evaluation.EvaluateAsync(db, rule, clock.GetUtcNow().UtcDateTime, cancellationToken);
            if (await CommitAsync(db, rule, touched, cancellationToken))
            {
                evaluated++;
                alerts += touched.Count;
            }
            else
            {
                skipped++;
            }
        }

        return new AlertEvaluationPass(evaluated, skipped, alerts);
    }

    // A deleted rule's firing alerts (the history keeps them, without their rule) end without a notice: nothing watches them now.
    private async Task<int> EndOrphansAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var orphans = await db.Alerts.Where(a => a.RuleId == null && a.State == AlertState.Firing).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var alert in orphans)
        {
            alert.Resolve(now);
        }

        return orphans.Count > 0 && await CommitAsync(db, null, orphans, cancellationToken) ? orphans.Count : 0;
    }

    /// <summary>Commits a rule's round and publishes its alerts; false when another instance committed this rule first (nothing of this round is kept).</summary>
    public async Task<bool> CommitAsync(WorkbenchDbContext db, AlertRule? rule, IReadOnlyList<Alert> touched, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // A concurrency failure (the rule's cursor or an alert moved on) or the firing alert's unique key taken.
            logger.LogDebug(ex, "Alert rule {RuleId} was evaluated by another instance meanwhile; this round is dropped", rule?.Id);
            return false;
        }

        var changed = touched.Select(a => new AlertChanged(a.Id)).Distinct().ToList();
        if (changed.Count > 0)
        {
            events.Publish(changed);
        }

        return true;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => PassLoop.RunAsync(
        new PassLoopSettings("alert evaluator", $"{AlertEvaluationOptions.SectionName}:{nameof(AlertEvaluationOptions.Enabled)}", options.Value.Enabled,
            options.Value.Interval, WakeDebounce),
        PassAsync, e => e is LogCreated or AccountChanged or QueueChanged or BatchChanged or WorkflowRunChanged, events, clock, logger, stoppingToken);
}

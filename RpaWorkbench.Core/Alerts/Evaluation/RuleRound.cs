using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Core.Alerts.Evaluation;

/// <summary>
/// One rule's evaluation in one pass: its unit of work, the time it is evaluated at, and the alerts it fired, refreshed
/// or resolved (published once the unit of work is committed).
/// </summary>
internal sealed class RuleRound(WorkbenchDbContext db, AlertRule rule, DateTime now, AlertRaiser raiser, CancellationToken cancellationToken)
{
    private readonly List<Alert> _touched = [];

    public WorkbenchDbContext Db => db;

    public AlertRule Rule => rule;

    public DateTime Now => now;

    public CancellationToken CancellationToken => cancellationToken;

    public IReadOnlyList<Alert> Touched => _touched;

    public async Task FireAsync(AlertSignal signal)
    {
        var alert = await raiser.FireAsync(db, rule, signal, cancellationToken);
        if (db.Entry(alert).State != EntityState.Unchanged)
        {
            _touched.Add(alert);
        }
    }

    public async Task ResolveAsync(string subjectKey)
    {
        if (await raiser.ResolveAsync(db, rule, subjectKey, cancellationToken) is { } resolved)
        {
            _touched.Add(resolved);
        }
    }

    /// <summary>A condition's round: fires for every subject that holds, and resolves this rule's firing alerts about any other subject among <paramref name="checkedSubjects"/> (null: every one).</summary>
    public async Task SettleConditionAsync(IReadOnlyCollection<AlertSignal> holding, IReadOnlyCollection<string>? checkedSubjects = null)
    {
        foreach (var signal in holding)
        {
            await FireAsync(signal);
        }

        var held = holding.Select(s => s.SubjectKey).ToHashSet(StringComparer.Ordinal);
        foreach (var subject in await AlertRaiser.FiringSubjectsAsync(db, rule.Id, cancellationToken))
        {
            if (!held.Contains(subject) && (checkedSubjects is null || checkedSubjects.Contains(subject)))
            {
                await ResolveAsync(subject);
            }
        }
    }

    /// <summary>Moves the rule's cursor; the rule's version moves with it, so a second instance that read the old cursor fails to commit.</summary>
    public void MoveCursor(long cursor)
    {
        if (rule.Cursor != cursor)
        {
            rule.Cursor = cursor;
            rule.Version++;
        }
    }
}

using RpaWorkbench.Core.Audit;

namespace RpaWorkbench.Core.Alerts.Management;

/// <summary>
/// Alert rules: any signed-in role may read; operators and admins change them (<see cref="Permissions"/>). Every change is
/// audited. Editing keeps the evaluator's <see cref="AlertRule.Cursor"/> unless the kind changes (then it starts over at 0).
/// </summary>
public sealed class AlertRuleService(IDbContextFactory<WorkbenchDbContext> contexts, TimeProvider clock, ICurrentUser user, AuditTrail audit)
{
    /// <summary>Every rule matching the filter, by name, with its scope's and channels' names.</summary>
    public async Task<IReadOnlyList<AlertRuleView>> ListAsync(AlertRuleQuery query, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rules = db.AlertRules.AsNoTracking();
        if (query.Kind is { } kind)
        {
            rules = rules.Where(r => r.Kind == kind);
        }

        if (query.Enabled is { } enabled)
        {
            rules = rules.Where(r => r.Enabled == enabled);
        }

        return await AlertRuleViews.OfAsync(db, await rules.OrderBy(r => r.Name).ToListAsync(cancellationToken), cancellationToken);
    }

    /// <summary>The rule with this id, or null.</summary>
    public async Task<AlertRuleView?> GetAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = await db.AlertRules.AsNoTracking().SingleOrDefaultAsync(r => r.Id == id, cancellationToken);
        return rule is null ? null : (await AlertRuleViews.OfAsync(db, [rule], cancellationToken))[0];
    }

    /// <summary>The apps, accounts, groups, tasks and channels a rule can name, each sorted by name.</summary>
    public async Task<AlertRuleChoices> ChoicesAsync(CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var apps = await db.Tasks.AsNoTracking().Select(t => t.AppName).Distinct().OrderBy(a => a).ToListAsync(cancellationToken);
        var accounts = await db.Accounts.AsNoTracking().OrderBy(a => a.TaskControl).Select(a => new AlertRuleChoice(a.Id, a.TaskControl)).ToListAsync(cancellationToken);
        var groups = await db.RobotGroups.AsNoTracking().OrderBy(g => g.Name).Select(g => new AlertRuleChoice(g.Id, g.Name)).ToListAsync(cancellationToken);
        var tasks = await db.Tasks.AsNoTracking().OrderBy(t => t.TaskName).ThenBy(t => t.Id).Select(t => new AlertRuleChoice(t.Id, t.TaskName)).ToListAsync(cancellationToken);
        var channels = await db.AlertChannels.AsNoTracking().OrderBy(c => c.Name)
            .Select(c => new AlertRuleChannel(c.Id, c.Name, c.Kind, c.Enabled)).ToListAsync(cancellationToken);
        return new AlertRuleChoices(apps, accounts, groups, tasks, channels);
    }

    /// <summary>Creates a rule; refuses invalid figures for its kind, a taken name and ids that name nothing.</summary>
    public async Task<AlertRuleView> CreateAsync(AlertRuleInput input, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await ValidateAsync(db, input, exceptId: null, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var rule = new AlertRule { Name = "", CreatedBy = audit.ActorName(), CreatedAt = now, UpdatedAt = now };
        Apply(rule, input);

        // The entry names the new id, so the rule is inserted first; the transaction keeps the two together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.AlertRules.Add(rule);
        await SaveAsync(db, cancellationToken);
        audit.Record(db, AuditActions.AlertRuleCreated, Target(rule), Changes(null, Snapshot.Of(rule)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (await GetAsync(rule.Id, cancellationToken))!;
    }

    /// <summary>Replaces a rule's settings; refuses stale edits (<see cref="AlertRuleInput.Version"/>) and what creating would refuse.</summary>
    public async Task<AlertRuleView> UpdateAsync(long id, AlertRuleInput input, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await ValidateAsync(db, input, exceptId: id, cancellationToken);
        return await EditAsync(db, id, input.Version, rule => Apply(rule, input), cancellationToken);
    }

    /// <summary>Turns a rule on or off; a disabled rule is not evaluated.</summary>
    public async Task<AlertRuleView> SetEnabledAsync(long id, bool enabled, int? version, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await EditAsync(db, id, version, rule => rule.Enabled = enabled, cancellationToken);
    }

    /// <summary>Deletes a rule; the alerts it raised stay in the history without it.</summary>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var rule = await db.AlertRules.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw NotFound(id);
        audit.Record(db, AuditActions.AlertRuleDeleted, Target(rule), Changes(Snapshot.Of(rule), null));
        db.AlertRules.Remove(rule);
        await SaveAsync(db, cancellationToken);
    }

    private async Task<AlertRuleView> EditAsync(WorkbenchDbContext db, long id, int? version, Action<AlertRule> edit, CancellationToken cancellationToken)
    {
        var rule = await db.AlertRules.SingleOrDefaultAsync(r => r.Id == id, cancellationToken) ?? throw NotFound(id);
        var editedVersion = version ?? rule.Version;
        if (editedVersion != rule.Version)
        {
            throw ConcurrencyConflict();
        }

        var before = Snapshot.Of(rule);
        var kindBefore = rule.Kind;
        edit(rule);
        var changes = Changes(before, Snapshot.Of(rule));
        if (!changes.IsEmpty)
        {
            // The cursor is a place in what the old kind read (execution logs, workflow runs, batches): meaningless for another kind.
            if (rule.Kind != kindBefore)
            {
                rule.Cursor = 0;
            }

            rule.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            rule.Version = editedVersion + 1;
            audit.Record(db, AuditActions.AlertRuleUpdated, Target(rule), changes);
        }

        await SaveAsync(db, cancellationToken);
        return (await GetAsync(id, cancellationToken))!;
    }

    private static void Apply(AlertRule rule, AlertRuleInput input)
    {
        var kind = input.Kind!.Value;
        rule.Name = input.Name!.Trim();
        rule.Kind = kind;
        rule.Enabled = input.Enabled;
        rule.Severity = input.Severity;
        rule.AppName = string.IsNullOrWhiteSpace(input.AppName) ? null : input.AppName.Trim();
        (rule.AccountId, rule.GroupId, rule.TaskId) = (input.AccountId, input.GroupId, input.TaskId);
        (rule.Threshold, rule.Percent, rule.WindowMinutes, rule.MinRuns, rule.GroupBy) =
            (input.Threshold, input.Percent, input.WindowMinutes, input.MinRuns, input.GroupBy);
        rule.ChannelIds = input.ChannelIds.Distinct().Order().ToList();
        rule.DedupMinutes = input.DedupMinutes;
        (rule.QuietFrom, rule.QuietTo) = (input.QuietFrom, input.QuietTo);
        rule.SendResolved = kind.IsCondition() && input.SendResolved != false;
    }

    /// <summary>Refuses the input with every error at once: those <see cref="AlertRuleRules"/> finds, a taken name, unknown ids.</summary>
    private static async Task ValidateAsync(WorkbenchDbContext db, AlertRuleInput input, long? exceptId, CancellationToken cancellationToken)
    {
        var errors = AlertRuleRules.Validate(input).ToList();
        var name = input.Name?.Trim();
        if (!errors.Any(e => e.Field == AlertRuleRules.NameField)
            && await db.AlertRules.AnyAsync(r => r.Name == name && r.Id != exceptId, cancellationToken))
        {
            errors.Add(Duplicate().Errors[0]);
        }

        if (input.AccountId is { } accountId && !await db.Accounts.AnyAsync(a => a.Id == accountId, cancellationToken))
        {
            errors.Add(Unknown(AlertRuleRules.AccountIdField, $"No account has the id {accountId}."));
        }

        if (input.GroupId is { } groupId && !await db.RobotGroups.AnyAsync(g => g.Id == groupId, cancellationToken))
        {
            errors.Add(Unknown(AlertRuleRules.GroupIdField, $"No group has the id {groupId}."));
        }

        if (input.TaskId is { } taskId && !await db.Tasks.AnyAsync(t => t.Id == taskId, cancellationToken))
        {
            errors.Add(Unknown(AlertRuleRules.TaskIdField, $"No task has the id {taskId}."));
        }

        var wanted = input.ChannelIds.Distinct().ToList();
        var found = await db.AlertChannels.Where(c => wanted.Contains(c.Id)).Select(c => c.Id).ToListAsync(cancellationToken);
        var unknown = wanted.Except(found).Order().ToList();
        if (unknown.Count > 0)
        {
            var ids = string.Join(", ", unknown.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            errors.Add(Unknown(AlertRuleRules.ChannelIdsField, $"No channel has the id(s) {ids}."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    private static FieldError Unknown(string field, string message) => new(field, AlertRuleRules.UnknownReference, message);

    private static Task SaveAsync(WorkbenchDbContext db, CancellationToken cancellationToken) =>
        DbErrors.SaveAsync(db, ConcurrencyConflict, Duplicate, cancellationToken);

    private static AuditTarget Target(AlertRule rule) =>
        new(AuditTargetTypes.AlertRule, rule.Id.ToString(CultureInfo.InvariantCulture), rule.Name);

    private static AuditChanges Changes(Snapshot? before, Snapshot? after)
    {
        var changes = new AuditChanges();
        foreach (var field in (after ?? before!).Fields.Keys)
        {
            changes.Field(field, before?.Fields[field], after?.Fields[field]);
        }

        return changes;
    }

    private static RuleViolationException NotFound(long id) =>
        new(ErrorCodes.NotFound, $"Alert rule {id} does not exist (it may have been deleted).");

    private static RuleViolationException ConcurrencyConflict() =>
        new(ErrorCodes.ConcurrencyConflict, "Someone else changed this rule after you opened it; reload and try again.");

    private static ValidationFailedException Duplicate() =>
        new([new FieldError(AlertRuleRules.NameField, AlertRuleRules.DuplicateRuleName, "A rule with this name already exists.")]);

    /// <summary>The audited settings by their REST field names (the cursor and version are bookkeeping, not settings).</summary>
    private sealed record Snapshot(IReadOnlyDictionary<string, string?> Fields)
    {
        public static Snapshot Of(AlertRule rule) => new(new Dictionary<string, string?>
        {
            [AlertRuleRules.NameField] = rule.Name,
            [AlertRuleRules.KindField] = ContractName.Of(rule.Kind),
            ["enabled"] = rule.Enabled ? "true" : "false",
            [AlertRuleRules.SeverityField] = ContractName.Of(rule.Severity),
            [AlertRuleRules.AppNameField] = rule.AppName,
            [AlertRuleRules.AccountIdField] = Text(rule.AccountId),
            [AlertRuleRules.GroupIdField] = Text(rule.GroupId),
            [AlertRuleRules.TaskIdField] = Text(rule.TaskId),
            [AlertRuleRules.ThresholdField] = Text(rule.Threshold),
            [AlertRuleRules.PercentField] = rule.Percent?.ToString(CultureInfo.InvariantCulture),
            [AlertRuleRules.WindowMinutesField] = Text(rule.WindowMinutes),
            [AlertRuleRules.MinRunsField] = Text(rule.MinRuns),
            [AlertRuleRules.GroupByField] = rule.GroupBy is { } by ? ContractName.Of(by) : null,
            [AlertRuleRules.ChannelIdsField] = string.Join(", ", rule.ChannelIds.Select(i => i.ToString(CultureInfo.InvariantCulture))),
            [AlertRuleRules.DedupMinutesField] = Text(rule.DedupMinutes),
            [AlertRuleRules.QuietFromField] = HourMinute.Text(rule.QuietFrom),
            [AlertRuleRules.QuietToField] = HourMinute.Text(rule.QuietTo),
            [AlertRuleRules.SendResolvedField] = rule.SendResolved ? "true" : "false",
        });

        private static string? Text(long? value) => value?.ToString(CultureInfo.InvariantCulture);
    }
}

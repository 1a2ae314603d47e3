using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Groups;

/// <summary>
/// Robot groups: named sets of robot accounts. Any signed-in role may read; only operators and admins may change
/// (<see cref="Permissions"/>). Every change is audited with the change it describes and published as <see cref="GroupChanged"/>.
/// </summary>
public sealed class RobotGroupService(
    IDbContextFactory<WorkbenchDbContext> contexts,
    TimeProvider clock,
    IOptions<AccountOptions> accountOptions,
    ICurrentUser user,
    AuditTrail audit,
    IWorkbenchEvents events)
{
    /// <summary>One page of groups whose name contains the search, with member and online counts and the total number of matches.</summary>
    public async Task<PageResult<RobotGroupRow>> ListAsync(RobotGroupQuery query, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var groups = db.RobotGroups.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = LikePattern.Contains(query.Search.Trim());
            groups = groups.Where(g => EF.Functions.Like(SqlText.Lower(g.Name), pattern, LikePattern.Escape));
        }

        var total = await groups.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, RobotGroupQuery.MaxPageSize);
        var sorted = query.Descending ? groups.OrderByDescending(g => g.Name) : groups.OrderBy(g => g.Name);
        var items = await Project(sorted, OnlineSince())
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return new PageResult<RobotGroupRow>(items, total);
    }

    /// <summary>The group with this id and its members, or null.</summary>
    public async Task<RobotGroupDetail?> GetAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var onlineSince = OnlineSince();
        var group = await Project(db.RobotGroups.AsNoTracking().Where(g => g.Id == id), onlineSince).SingleOrDefaultAsync(cancellationToken);
        if (group is null)
        {
            return null;
        }

        var members = await db.Accounts.AsNoTracking()
            .Where(a => a.Groups.Any(g => g.Id == id))
            .OrderBy(a => a.ShadowBotAccount).ThenBy(a => a.Id)
            .Select(a => new RobotGroupMember(a.Id, a.ShadowBotAccount, a.HostIp, a.LastHeartbeatAt != null && a.LastHeartbeatAt >= onlineSince))
            .ToListAsync(cancellationToken);
        return new RobotGroupDetail(group, members);
    }

    /// <summary>Creates a group with the members named (none when null); refuses invalid input, a taken name and unknown accounts.</summary>
    public async Task<RobotGroupDetail> CreateAsync(RobotGroupInput input, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        var (name, description) = Normalize(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await EnsureUniqueAsync(db, name, exceptId: null, cancellationToken);
        var members = await AccountsAsync(db, input.AccountIds ?? [], cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var group = new RobotGroup { Name = name, Description = description, CreatedAt = now, UpdatedAt = now };
        foreach (var account in members)
        {
            group.Accounts.Add(account);
        }

        // The entry names the new id, so the group is inserted first; the transaction keeps the two together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.RobotGroups.Add(group);
        await SaveAsync(db, cancellationToken);
        audit.Record(db, AuditActions.GroupCreated, Target(group), Changes(null, Snapshot.Of(group)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        events.Publish([new GroupChanged(group.Id)]);
        return (await GetAsync(group.Id, cancellationToken))!;
    }

    /// <summary>Renames a group, changes its description and (when named) its members; refuses stale edits and a taken name.</summary>
    public async Task<RobotGroupDetail> UpdateAsync(long id, RobotGroupInput input, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        var (name, description) = Normalize(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await EnsureUniqueAsync(db, name, exceptId: id, cancellationToken);
        return await EditAsync(db, id, input.Version, input.AccountIds, group =>
        {
            group.Name = name;
            group.Description = description;
        }, cancellationToken);
    }

    /// <summary>Makes exactly these accounts the group's members; refuses unknown account ids (naming them) and stale edits.</summary>
    public async Task<RobotGroupDetail> SetMembersAsync(long id, IReadOnlyList<long> accountIds, int? version, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await EditAsync(db, id, version, accountIds, _ => { }, cancellationToken);
    }

    /// <summary>Deletes a group; its memberships go with it, its accounts stay.</summary>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var group = await db.RobotGroups.Include(g => g.Accounts).SingleOrDefaultAsync(g => g.Id == id, cancellationToken) ?? throw NotFound(id);
        audit.Record(db, AuditActions.GroupDeleted, Target(group), Changes(Snapshot.Of(group), null));
        db.RobotGroups.Remove(group);
        await SaveAsync(db, cancellationToken);
        events.Publish([new GroupChanged(id)]);
    }

    private async Task<RobotGroupDetail> EditAsync(WorkbenchDbContext db, long id, int? version, IReadOnlyList<long>? accountIds,
        Action<RobotGroup> edit, CancellationToken cancellationToken)
    {
        var group = await db.RobotGroups.Include(g => g.Accounts).SingleOrDefaultAsync(g => g.Id == id, cancellationToken) ?? throw NotFound(id);
        var editedVersion = version ?? group.Version;
        if (editedVersion != group.Version)
        {
            throw ConcurrencyConflict();
        }

        var members = accountIds is null ? null : await AccountsAsync(db, accountIds, cancellationToken);
        var before = Snapshot.Of(group);
        edit(group);
        if (members is not null)
        {
            group.Accounts.Clear();
            foreach (var account in members)
            {
                group.Accounts.Add(account);
            }
        }

        var changes = Changes(before, Snapshot.Of(group));
        if (!changes.IsEmpty)
        {
            group.UpdatedAt = clock.GetUtcNow().UtcDateTime;
            group.Version = editedVersion + 1;
            audit.Record(db, AuditActions.GroupUpdated, Target(group), changes);
        }

        await SaveAsync(db, cancellationToken);
        events.Publish([new GroupChanged(id)]);
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>The accounts with these ids, tracked; every id that names no account is refused in one error.</summary>
    private static async Task<List<Account>> AccountsAsync(WorkbenchDbContext db, IReadOnlyList<long> accountIds, CancellationToken cancellationToken)
    {
        var wanted = accountIds.Distinct().ToList();
        var accounts = await db.Accounts.Where(a => wanted.Contains(a.Id)).ToListAsync(cancellationToken);
        var unknown = wanted.Except(accounts.Select(a => a.Id)).Order().ToList();
        if (unknown.Count > 0)
        {
            var ids = string.Join(", ", unknown.Select(i => i.ToString(CultureInfo.InvariantCulture)));
            throw new ValidationFailedException([new FieldError(RobotGroupRules.AccountIdsField, ErrorCodes.UnknownAccounts, $"No account has the id(s) {ids}.")]);
        }

        return accounts;
    }

    private DateTime OnlineSince() => accountOptions.Value.OnlineSince(clock.GetUtcNow().UtcDateTime);

    private static (string Name, string? Description) Normalize(RobotGroupInput input)
    {
        var errors = RobotGroupRules.Validate(input);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var description = input.Description?.Trim();
        return (input.Name!.Trim(), string.IsNullOrEmpty(description) ? null : description);
    }

    private static async Task EnsureUniqueAsync(WorkbenchDbContext db, string name, long? exceptId, CancellationToken cancellationToken)
    {
        if (await db.RobotGroups.AnyAsync(g => g.Name == name && g.Id != exceptId, cancellationToken))
        {
            throw Duplicate();
        }
    }

    private static Task SaveAsync(WorkbenchDbContext db, CancellationToken cancellationToken) =>
        DbErrors.SaveAsync(db, ConcurrencyConflict, Duplicate, cancellationToken);

    private static IQueryable<RobotGroupRow> Project(IQueryable<RobotGroup> groups, DateTime onlineSince) =>
        groups.Select(g => new RobotGroupRow(
            g.Id, g.Name, g.Description, g.Accounts.Count,
            g.Accounts.Count(a => a.LastHeartbeatAt != null && a.LastHeartbeatAt >= onlineSince),
            g.CreatedAt, g.UpdatedAt, g.Version));

    private static AuditTarget Target(RobotGroup group) =>
        new(AuditTargetTypes.Group, group.Id.ToString(CultureInfo.InvariantCulture), group.Name);

    private static AuditChanges Changes(Snapshot? before, Snapshot? after) => new AuditChanges()
        .Field(RobotGroupRules.NameField, before?.Name, after?.Name)
        .Field(RobotGroupRules.DescriptionField, before?.Description, after?.Description)
        .Field("members", before?.Members, after?.Members);

    private static RuleViolationException NotFound(long id) =>
        new(ErrorCodes.NotFound, $"Group {id} does not exist (it may have been deleted).");

    private static RuleViolationException ConcurrencyConflict() =>
        new(ErrorCodes.ConcurrencyConflict, "Someone else changed this group after you opened it; reload and try again.");

    private static ValidationFailedException Duplicate() =>
        new([new FieldError(RobotGroupRules.NameField, ErrorCodes.DuplicateGroupName, "A group with this name already exists.")]);

    /// <summary>The audited state: members as their task control names, sorted, so the entry reads without ids.</summary>
    private sealed record Snapshot(string Name, string? Description, string Members)
    {
        public static Snapshot Of(RobotGroup group) =>
            new(group.Name, group.Description, string.Join(", ", group.Accounts.Select(a => a.TaskControl).Order(StringComparer.Ordinal)));
    }
}

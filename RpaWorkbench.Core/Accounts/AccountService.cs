using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Accounts;

/// <summary>
/// Every rule about robot accounts: listing, validation, uniqueness, edits and deletes. Any signed-in role may read;
/// only operators and admins may change (<see cref="Permissions"/>). Every change is audited in its own transaction.
/// </summary>
public sealed class AccountService(
    IDbContextFactory<WorkbenchDbContext> contexts,
    TimeProvider clock,
    IOptions<AccountOptions> options,
    ICurrentUser user,
    AuditTrail audit,
    IWorkbenchEvents events)
{
    /// <summary>One page of accounts matching the query, with the total number of matches.</summary>
    public async Task<PageResult<AccountRow>> ListAsync(AccountQuery query, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var onlineSince = OnlineSince();
        var accounts = Filter(db.Accounts.AsNoTracking(), query, onlineSince);

        var total = await accounts.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, AccountQuery.MaxPageSize);
        var items = await Project(Sort(accounts, query.SortBy, query.Descending), onlineSince)
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        return new PageResult<AccountRow>(items, total);
    }

    /// <summary>The account with this id, or null.</summary>
    public async Task<AccountRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await Project(db.Accounts.AsNoTracking().Where(a => a.Id == id), OnlineSince())
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>Creates an account; refuses invalid input and duplicates of account + host + port.</summary>
    public async Task<AccountRow> CreateAsync(AccountInput input, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        var (name, host, port) = Normalize(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await EnsureUniqueAsync(db, name, host, port, exceptId: null, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        var account = new Account
        {
            ShadowBotAccount = name,
            HostIp = host,
            Port = port,
            TaskControl = AccountRules.TaskControl(name, host, port),
            CreatedAt = now,
            UpdatedAt = now,
        };
        // The entry names the new id, so the account is inserted first; the transaction keeps the two together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Accounts.Add(account);
        await SaveAsync(db, cancellationToken);
        audit.Record(db, AuditActions.AccountCreated, Target(account.Id, account.TaskControl), Changes(null, Snapshot.Of(account)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        events.Publish([new AccountChanged(account.Id)]);
        return (await GetAsync(account.Id, cancellationToken))!;
    }

    /// <summary>
    /// Changes account, host and port; refuses stale edits (another operator saved first) and duplicates. Saving an
    /// unregistered account (created by a callback) adopts it.
    /// </summary>
    public async Task<AccountRow> UpdateAsync(long id, AccountInput input, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        var (name, host, port) = Normalize(input);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var account = await db.Accounts.SingleOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw NotFound(id);
        var editedVersion = input.Version ?? account.Version;
        if (editedVersion != account.Version)
        {
            throw ConcurrencyConflict();
        }

        await EnsureUniqueAsync(db, name, host, port, exceptId: id, cancellationToken);
        var before = Snapshot.Of(account);
        account.ShadowBotAccount = name;
        account.HostIp = host;
        account.Port = port;
        account.TaskControl = AccountRules.TaskControl(name, host, port);
        account.Unregistered = false;
        account.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        account.Version = editedVersion + 1;
        var changes = Changes(before, Snapshot.Of(account)).Field("unregistered", before.Unregistered, account.Unregistered);
        if (!changes.IsEmpty)
        {
            audit.Record(db, AuditActions.AccountUpdated, Target(id, account.TaskControl), changes);
        }

        await SaveAsync(db, cancellationToken);
        events.Publish([new AccountChanged(id)]);
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>
    /// Deletes an account. Refused while it has tasks unless <paramref name="deleteTasks"/> is set, and always while
    /// one of its tasks is starting, running or stopping. Its execution logs are kept.
    /// </summary>
    public async Task DeleteAsync(long id, bool deleteTasks, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var found = await db.Accounts.Where(a => a.Id == id)
            .Select(a => new
            {
                Account = new Snapshot(a.ShadowBotAccount, a.HostIp, a.Port, a.Unregistered),
                a.TaskControl,
                Tasks = a.Tasks.Count,
                Busy = a.Tasks.Any(t => t.Status != RobotTaskStatus.Pending),
            })
            .SingleOrDefaultAsync(cancellationToken) ?? throw NotFound(id);

        if (found.Busy)
        {
            throw new RuleViolationException(ErrorCodes.AccountBusy, "The account has a task that is starting, running or stopping; stop it first.");
        }

        if (found.Tasks > 0 && !deleteTasks)
        {
            throw HasTasks(found.Tasks);
        }

        try
        {
            List<long> deletedTasks = [];
            if (deleteTasks)
            {
                deletedTasks = await db.Tasks.Where(t => t.AccountId == id).Select(t => t.Id).ToListAsync(cancellationToken);
                await db.Tasks.Where(t => t.AccountId == id).ExecuteDeleteAsync(cancellationToken);
            }

            if (await db.Accounts.Where(a => a.Id == id).ExecuteDeleteAsync(cancellationToken) == 0)
            {
                throw NotFound(id);
            }

            audit.Record(db, AuditActions.AccountDeleted, Target(id, found.TaskControl),
                Changes(found.Account, null).Field("task_count", found.Tasks, 0));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            // Other operators' pages and the event stream drop the rows (sent as deleted).
            events.Publish([new AccountChanged(id), .. deletedTasks.Select(t => new TaskChanged(t))]);
        }
        catch (Exception ex) when (DbErrors.IsForeignKeyViolation(ex))
        {
            throw HasTasks(count: null);
        }
    }

    private static AuditTarget Target(long id, string taskControl) =>
        new(AuditTargetTypes.Account, id.ToString(System.Globalization.CultureInfo.InvariantCulture), taskControl);

    /// <summary>The audited fields, under the names the account form and the webhooks use.</summary>
    private static AuditChanges Changes(Snapshot? before, Snapshot? after) => new AuditChanges()
        .Field(AccountRules.AccountField, before?.Name, after?.Name)
        .Field(AccountRules.HostField, before?.Host, after?.Host)
        .Field(AccountRules.PortField, before?.Port, after?.Port);

    private DateTime OnlineSince() => options.Value.OnlineSince(clock.GetUtcNow().UtcDateTime);

    private static (string Name, string Host, int Port) Normalize(AccountInput input)
    {
        var errors = AccountRules.Validate(input);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        return (input.ShadowBotAccount!.Trim(), AccountRules.NormalizeHost(input.HostIp!)!, input.Port!.Value);
    }

    private static async Task EnsureUniqueAsync(WorkbenchDbContext db, string name, string host, int port, long? exceptId, CancellationToken cancellationToken)
    {
        var taken = await db.Accounts.AnyAsync(
            a => a.ShadowBotAccount == name && a.HostIp == host && a.Port == port && a.Id != exceptId,
            cancellationToken);
        if (taken)
        {
            throw Duplicate();
        }
    }

    // Duplicate: another operator saved the same account + host + port between our check and our insert.
    private static Task SaveAsync(WorkbenchDbContext db, CancellationToken cancellationToken) =>
        DbErrors.SaveAsync(db, ConcurrencyConflict, Duplicate, cancellationToken);

    private static IQueryable<Account> Filter(IQueryable<Account> accounts, AccountQuery query, DateTime onlineSince)
    {
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = LikePattern.Contains(query.Search.Trim());
            accounts = accounts.Where(a => EF.Functions.Like(SqlText.Lower(a.ShadowBotAccount), pattern, LikePattern.Escape)
                                        || EF.Functions.Like(SqlText.Lower(a.HostIp), pattern, LikePattern.Escape));
        }

        if (query.Unregistered is { } unregistered)
        {
            accounts = accounts.Where(a => a.Unregistered == unregistered);
        }

        if (query.Status is { } status)
        {
            accounts = accounts.Where(a => a.Status == status);
        }

        return query.Online switch
        {
            true => accounts.Where(a => a.LastHeartbeatAt >= onlineSince),
            false => accounts.Where(a => a.LastHeartbeatAt == null || a.LastHeartbeatAt < onlineSince),
            null => accounts,
        };
    }

    private static IQueryable<Account> Sort(IQueryable<Account> accounts, AccountSort sortBy, bool descending)
    {
        var sorted = sortBy switch
        {
            AccountSort.Host => accounts.SortBy(a => a.HostIp, descending),
            AccountSort.Port => accounts.SortBy(a => a.Port, descending),
            AccountSort.Status => accounts.SortBy(a => a.Status, descending),
            AccountSort.RecentApp => accounts.SortBy(a => a.RecentApp, descending),
            AccountSort.EndTime => accounts.SortBy(a => a.EndTime, descending),
            AccountSort.TaskCount => accounts.SortBy(a => a.Tasks.Count, descending),
            AccountSort.LastHeartbeat => accounts.SortBy(a => a.LastHeartbeatAt, descending),
            AccountSort.Created => accounts.SortBy(a => a.CreatedAt, descending),
            _ => accounts.SortBy(a => a.ShadowBotAccount, descending),
        };
        return descending ? sorted.ThenByDescending(a => a.Id) : sorted.ThenBy(a => a.Id);
    }

    private static IQueryable<AccountRow> Project(IQueryable<Account> accounts, DateTime onlineSince) =>
        accounts.Select(a => new AccountRow(
            a.Id, a.ShadowBotAccount, a.HostIp, a.Port, a.Status, a.RecentApp, a.EndTime, a.TaskControl,
            a.Tasks.Count, a.LastHeartbeatAt, a.LastHeartbeatAt != null && a.LastHeartbeatAt >= onlineSince,
            a.ShadowBotStatus, a.Unregistered, a.CreatedAt, a.UpdatedAt, a.Version));

    private static RuleViolationException NotFound(long id) =>
        new(ErrorCodes.NotFound, $"Account {id} does not exist (it may have been deleted).");

    private static RuleViolationException ConcurrencyConflict() =>
        new(ErrorCodes.ConcurrencyConflict, "Someone else changed this account after you opened it; reload and try again.");

    private static ValidationFailedException Duplicate() =>
        new([new FieldError(AccountRules.AccountField, ErrorCodes.DuplicateAccount, "An account with this account name, host and port already exists.")]);

    private static RuleViolationException HasTasks(int? count) =>
        new(ErrorCodes.AccountHasTasks, $"The account still has {count?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "some"} task(s); delete them first or choose to delete them with the account.", count);

    private sealed record Snapshot(string Name, string Host, int Port, bool Unregistered)
    {
        public static Snapshot Of(Account account) => new(account.ShadowBotAccount, account.HostIp, account.Port, account.Unregistered);
    }
}

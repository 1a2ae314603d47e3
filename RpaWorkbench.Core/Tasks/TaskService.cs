using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// Listing, creating, editing and deleting tasks (running them is <see cref="TaskRunService"/>). Any signed-in role
/// may read; operators and admins change. Every change is audited in the same transaction and published after commit.
/// Config JSON is stored indented (keys, order and values as typed), so the dialog shows it formatted and saving it unchanged changes nothing.
/// It may hold credentials: viewers get no config, operators and admins get secret values masked (<see cref="ConfigSecrets"/>),
/// a mask saved back keeps the stored value, and the audit trail records which secrets changed, never their values.
/// </summary>
public sealed class TaskService(
    IDbContextFactory<WorkbenchDbContext> contexts,
    TimeProvider clock,
    ICurrentUser user,
    AuditTrail audit,
    ConfigFileService configFiles,
    ConfigFileRules fileRules,
    OperatorTime time,
    IWorkbenchEvents events,
    IOptions<RobotOptions> robots,
    ILogger<TaskService> logger)
{
    /// <summary>The audited field naming the secret values a change set, replaced or removed (their values are never audited).</summary>
    public const string SecretsChangedField = "config_json_secrets_changed";

    // Errors are reported in the order the dialog shows the fields.
    private static readonly List<string> FieldOrder =
    [
        TaskRules.TaskNameField, TaskRules.AccountField, TaskRules.GroupField, TaskRules.AppNameField, TaskRules.ConfigJsonField, ConfigFileRules.Field,
        TaskRules.TriggerTimeField, TaskRules.CronField, TaskRules.RunTimeoutField,
        ShadowBotTaskRules.RobotUuidField, ShadowBotTaskRules.GroupUuidField, ShadowBotTaskRules.ExecuteScopeField,
        ShadowBotTaskRules.PriorityField, ShadowBotTaskRules.WaitTimeoutField, ShadowBotTaskRules.FileParamField,
        TaskParameterRules.Field,
    ];

    /// <summary>One page of tasks matching the query, with the total number of matches.</summary>
    public async Task<PageResult<TaskRow>> ListAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tasks = Filter(db.Tasks.AsNoTracking(), query);

        var total = await tasks.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, TaskQuery.MaxPageSize);
        var page = await TaskRows.Project(TaskRows.Sort(tasks, query.SortBy, query.Descending), db.ExecutionLogs)
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .ToListAsync(cancellationToken);
        var now = Now();
        return new PageResult<TaskRow>([.. page.Select(t => Shown(TaskRows.ToRow(t, now, time)))], total);
    }

    /// <summary>The task with this id, or null.</summary>
    public async Task<TaskRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var stored = await TaskRows.Project(db.Tasks.AsNoTracking().Where(t => t.Id == id), db.ExecutionLogs).SingleOrDefaultAsync(cancellationToken);
        return stored is null ? null : Shown(TaskRows.ToRow(stored, Now(), time));
    }

    /// <summary>Creates a task on a registered account, with its config file when one was chosen.</summary>
    public async Task<TaskRow> CreateAsync(TaskInput input, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        var now = Now();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var values = await ValidateAsync(db, input, existing: null, now, cancellationToken);
        var task = new RobotTask { TaskName = values.TaskName, AppName = values.AppName, CreatedAt = now };
        Apply(task, values, now);

        // The config file's key names the task id, so the task is inserted first; the transaction keeps it all together.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Tasks.Add(task);
        await db.SaveChangesAsync(cancellationToken);
        var stored = input.ConfigFile is { } file ? await StoreFileAsync(task.Id, file, cancellationToken) : null;
        try
        {
            task.ConfigFileKey = stored;
            audit.Record(db, AuditActions.TaskCreated, Target(task), Changes(null, Snapshot.Of(task, values.AccountName)));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch
        {
            await DeleteFileQuietlyAsync(stored);
            throw;
        }

        events.Publish([new TaskChanged(task.Id), new AccountChanged(task.AccountId)]);
        return (await GetAsync(task.Id, cancellationToken))!;
    }

    /// <summary>
    /// Changes a task; refuses stale edits (someone saved it after the dialog opened). A new or changed schedule
    /// starts from now, so no fire time from before the change runs. The replaced config file is deleted after commit.
    /// While a run is in progress the account and app cannot change (the run belongs to them).
    /// </summary>
    public async Task<TaskRow> UpdateAsync(long id, TaskInput input, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        var now = Now();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await db.Tasks.Include(t => t.Account).SingleOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw NotFound(id);
        if (input.Version is { } edited && edited != TaskRows.Version(task))
        {
            throw new RuleViolationException(ErrorCodes.ConcurrencyConflict, "Someone else changed this task after you opened it; reload and try again.");
        }

        var values = await ValidateAsync(db, input, task, now, cancellationToken);
        if (task.Status != RobotTaskStatus.Pending && (values.AccountId != task.AccountId || values.AppName != task.AppName))
        {
            throw new RuleViolationException(TaskErrorCodes.TaskNotPending,
                $"The task is {ContractName.Of(task.Status)}; its account and app can change once the run has ended.");
        }

        var before = Snapshot.Of(task, task.Account!.ShadowBotAccount);
        var (oldAccountId, oldFile) = (task.AccountId, task.ConfigFileKey);
        Apply(task, values, now);
        var stored = input.ConfigFile is { } file ? await StoreFileAsync(task.Id, file, cancellationToken) : null;
        task.ConfigFileKey = stored ?? (input.RemoveConfigFile ? null : oldFile);
        var changes = Changes(before, Snapshot.Of(task, values.AccountName));
        if (!changes.IsEmpty)
        {
            audit.Record(db, AuditActions.TaskUpdated, Target(task), changes);
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch
        {
            await DeleteFileQuietlyAsync(stored);
            throw;
        }

        if (oldFile != task.ConfigFileKey)
        {
            await DeleteFileQuietlyAsync(oldFile);
        }

        events.Publish([new TaskChanged(id), new AccountChanged(oldAccountId), new AccountChanged(task.AccountId)]);
        return (await GetAsync(id, cancellationToken))!;
    }

    /// <summary>Deletes a pending task and then its config file; refused while a run is in progress. Its logs are kept.</summary>
    public async Task DeleteAsync(long id, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var task = await db.Tasks.AsNoTracking().Include(t => t.Account).SingleOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw NotFound(id);

        // Conditional, so a start that claims the task between the read and the delete wins.
        var deleted = task.Status == RobotTaskStatus.Pending
            && await db.Tasks.Where(t => t.Id == id && t.Status == RobotTaskStatus.Pending).ExecuteDeleteAsync(cancellationToken) > 0;
        if (!deleted)
        {
            throw new RuleViolationException(TaskErrorCodes.TaskNotPending, "The task is starting, running or stopping; stop it before deleting it.");
        }

        audit.Record(db, AuditActions.TaskDeleted, Target(task), Changes(Snapshot.Of(task, task.Account!.ShadowBotAccount), null));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);

        await DeleteFileQuietlyAsync(task.ConfigFileKey);
        events.Publish([new TaskChanged(id), new AccountChanged(task.AccountId)]);
    }

    // Every refusal at once, in form order: the rules without a database, the trigger time, the file, then the account.
    private async Task<Values> ValidateAsync(WorkbenchDbContext db, TaskInput input, RobotTask? existing, DateTime now, CancellationToken cancellationToken)
    {
        var errors = TaskRules.Validate(input).ToList();
        var configJson = string.IsNullOrWhiteSpace(input.ConfigJson) || errors.Any(e => e.Field == TaskRules.ConfigJsonField)
            ? null
            : KeepSecrets(input.ConfigJson, existing?.ConfigJson, errors);
        var trigger = input.TriggerTime is { } t ? AsUtc(t) : (DateTime?)null;
        if (trigger is { } when && when <= now && when != existing?.TriggerTime)
        {
            errors.Add(new FieldError(TaskRules.TriggerTimeField, TaskErrorCodes.NotInFuture, "The trigger time must be in the future."));
        }

        if (input.ConfigFile is { } file)
        {
            errors.AddRange(fileRules.Validate(file.FileName, file.Length));
        }

        string? accountName = null;
        if (input.AccountId is > 0 and var accountId)
        {
            var account = await db.Accounts.AsNoTracking().Where(a => a.Id == accountId)
                .Select(a => new { a.ShadowBotAccount, a.Unregistered }).SingleOrDefaultAsync(cancellationToken);
            accountName = account?.ShadowBotAccount;
            if (account is null || account.Unregistered)
            {
                errors.Add(new FieldError(TaskRules.AccountField, TaskErrorCodes.AccountNotRegistered,
                    account is null ? "The robot account does not exist (it may have been deleted)." : "The robot account is not registered yet; register it on the accounts page first."));
            }
        }

        if (input.GroupId is { } groupId && !await db.RobotGroups.AnyAsync(g => g.Id == groupId, cancellationToken))
        {
            errors.Add(new FieldError(TaskRules.GroupField, TaskErrorCodes.GroupNotFound, "The robot group does not exist (it may have been deleted)."));
        }

        var shadowBot = ShadowBotTaskRules.Normalize(input.ShadowBot);
        var hasConfigFile = input.ConfigFile is not null || (existing?.ConfigFileKey is not null && !input.RemoveConfigFile);
        errors.AddRange(ShadowBotTaskRules.Validate(shadowBot, robots.Value.Mode == RobotMode.ShadowBot,
            errors.Any(e => e.Field == TaskRules.ConfigJsonField) ? null : configJson, hasConfigFile,
            errors.Any(e => e.Field == TaskRules.RunTimeoutField) ? null : input.RunTimeout));

        var parameters = TaskParameterRules.Normalize(input.Parameters);
        errors.AddRange(TaskParameterRules.Validate(parameters));

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors.OrderBy(e => FormOrder(e.Field)).ToList());
        }

        return new Values(input.TaskName!.Trim(), input.AccountId!.Value, accountName!, input.AppName!.Trim(), configJson,
            trigger, string.IsNullOrWhiteSpace(input.CronExpression) ? null : input.CronExpression.Trim(), input.RunTimeout, shadowBot, parameters, input.GroupId);
    }

    // A config parameter's error (config_json.region) belongs to the config JSON field, a declared one's (parameters[2].name) to the parameters.
    private static int FormOrder(string field) => FieldOrder.IndexOf(
        field.StartsWith(TaskRules.ConfigJsonField + ".", StringComparison.Ordinal) ? TaskRules.ConfigJsonField
        : field.StartsWith(TaskParameterRules.Field, StringComparison.Ordinal) ? TaskParameterRules.Field
        : field);

    // Masks the operator left in place take the stored values back; a mask with nothing to keep is refused.
    private static string KeepSecrets(string edited, string? stored, List<FieldError> errors)
    {
        var (json, unkept) = ConfigSecrets.Restore(edited, stored);
        if (unkept.Count > 0)
        {
            errors.Add(new FieldError(TaskRules.ConfigJsonField, TaskErrorCodes.SecretNotKept,
                $"{string.Join(", ", unkept)}: {ConfigSecrets.Mask} keeps a secret only where the task stores one (same name and place, "
                + "the list entry otherwise unchanged); type the value."));
        }

        return json;
    }

    // Viewers see no config (it may hold credentials); operators and admins see it with secret values masked.
    private TaskRow Shown(TaskRow row) => user.CanReadConfig()
        ? row with { ConfigJson = ConfigSecrets.Masked(row.ConfigJson) }
        : row with { ConfigJson = null, ConfigFileKey = null };

    private static void Apply(RobotTask task, Values values, DateTime now)
    {
        var scheduleChanged = task.TriggerTime != values.TriggerTime || task.CronExpression != values.CronExpression;
        task.TaskName = values.TaskName;
        task.AccountId = values.AccountId;
        task.GroupId = values.GroupId;
        task.AppName = values.AppName;
        task.ConfigJson = values.ConfigJson;
        task.TriggerTime = values.TriggerTime;
        task.CronExpression = values.CronExpression;
        task.RunTimeout = values.RunTimeout;
        task.ShadowBot = values.ShadowBot;
        task.Parameters = values.Parameters;
        if (scheduleChanged)
        {
            // Fire times up to now count as handled: a new schedule never fires for a moment before it existed.
            task.ScheduledThrough = now;
        }

        task.UpdatedAt = now;
    }

    private async Task<string> StoreFileAsync(long taskId, ConfigFileUpload file, CancellationToken cancellationToken)
    {
        await using var content = file.Open(cancellationToken);
        return await configFiles.StoreAsync(taskId, file.FileName, content, file.Length, cancellationToken);
    }

    // The change is committed (or abandoned); a file left behind costs only space, so it is logged, not raised.
    private async Task DeleteFileQuietlyAsync(string? key)
    {
        if (key is null)
        {
            return;
        }

        try
        {
            await configFiles.DeleteAsync(key, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning(ex, "The config file {Key} is no longer used but could not be deleted", key);
        }
    }

    private static IQueryable<RobotTask> Filter(IQueryable<RobotTask> tasks, TaskQuery query)
    {
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = LikePattern.Contains(query.Search.Trim());
            tasks = tasks.Where(t => EF.Functions.Like(SqlText.Lower(t.TaskName), pattern, LikePattern.Escape)
                                  || EF.Functions.Like(SqlText.Lower(t.AppName), pattern, LikePattern.Escape)
                                  || EF.Functions.Like(SqlText.Lower(t.Account!.ShadowBotAccount), pattern, LikePattern.Escape));
        }

        return query.Status is { } status ? tasks.Where(t => t.Status == status) : tasks;
    }

    private static DateTime AsUtc(DateTime value) => value.Kind switch
    {
        DateTimeKind.Local => value.ToUniversalTime(),
        _ => DateTime.SpecifyKind(value, DateTimeKind.Utc),
    };

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;

    private static AuditTarget Target(RobotTask task) =>
        new(AuditTargetTypes.Task, task.Id.ToString(CultureInfo.InvariantCulture), task.TaskName);

    /// <summary>The audited fields, under the names the task form uses.</summary>
    private static AuditChanges Changes(Snapshot? before, Snapshot? after) => new AuditChanges()
        .Field(TaskRules.TaskNameField, before?.TaskName, after?.TaskName)
        .Field("account", before?.Account, after?.Account)
        .Field(TaskRules.AppNameField, before?.AppName, after?.AppName)
        .Field(TaskRules.ConfigJsonField, ConfigSecrets.Masked(before?.ConfigJson), ConfigSecrets.Masked(after?.ConfigJson))
        .Field(SecretsChangedField, null,
            ConfigSecrets.Changed(before?.ConfigJson, after?.ConfigJson) is { Count: > 0 } secrets ? string.Join(", ", secrets) : null)
        .Field(ConfigFileRules.Field, before?.ConfigFileKey, after?.ConfigFileKey)
        .Field(TaskRules.TriggerTimeField, before?.TriggerTime, after?.TriggerTime)
        .Field(TaskRules.CronField, before?.CronExpression, after?.CronExpression)
        .Field(TaskRules.RunTimeoutField, before?.RunTimeout, after?.RunTimeout)
        .Field(TaskRules.GroupField, before?.GroupId, after?.GroupId)
        .Field(ShadowBotTaskRules.RobotUuidField, before?.ShadowBot?.RobotUuid, after?.ShadowBot?.RobotUuid)
        .Field(ShadowBotTaskRules.GroupUuidField, before?.ShadowBot?.GroupUuid, after?.ShadowBot?.GroupUuid)
        .Field(ShadowBotTaskRules.ExecuteScopeField, Named(before?.ShadowBot?.ExecuteScope), Named(after?.ShadowBot?.ExecuteScope))
        .Field(ShadowBotTaskRules.PriorityField, Named(before?.ShadowBot?.Priority), Named(after?.ShadowBot?.Priority))
        .Field(ShadowBotTaskRules.WaitTimeoutField, before?.ShadowBot?.WaitTimeoutSeconds, after?.ShadowBot?.WaitTimeoutSeconds)
        .Field(ShadowBotTaskRules.FileParamField, before?.ShadowBot?.FileParam, after?.ShadowBot?.FileParam)
        .Field(TaskParameterRules.Field, TaskParameterColumn.Text(before?.Parameters), TaskParameterColumn.Text(after?.Parameters));

    private static string? Named<T>(T? value) where T : struct, Enum => value is { } v ? ContractName.Of(v) : null;

    private static RuleViolationException NotFound(long id) =>
        new(ErrorCodes.NotFound, $"Task {id} does not exist (it may have been deleted).");

    private sealed record Values(
        string TaskName, long AccountId, string AccountName, string AppName, string? ConfigJson, DateTime? TriggerTime, string? CronExpression, TimeSpan? RunTimeout,
        ShadowBotTaskSettings? ShadowBot, IReadOnlyList<TaskParameter> Parameters, long? GroupId);

    private sealed record Snapshot(
        string TaskName, string Account, string AppName, string? ConfigJson, string? ConfigFileKey, DateTime? TriggerTime, string? CronExpression, TimeSpan? RunTimeout,
        ShadowBotTaskSettings? ShadowBot, IReadOnlyList<TaskParameter> Parameters, long? GroupId)
    {
        public static Snapshot Of(RobotTask t, string account) =>
            new(t.TaskName, account, t.AppName, t.ConfigJson, t.ConfigFileKey, t.TriggerTime, t.CronExpression, t.RunTimeout, t.ShadowBot, t.Parameters, t.GroupId);
    }
}

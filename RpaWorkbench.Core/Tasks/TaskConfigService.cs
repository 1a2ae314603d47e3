using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Storage;

namespace RpaWorkbench.Core.Tasks;

/// <summary>
/// A task's configuration as robots use it: replacing its config file (the robots' upload), reading its config
/// JSON and file link (<c>config/get</c>) and downloading the file. Operators and admins (sessions) and robots (API keys)
/// call it, not viewers: config may hold credentials (<see cref="Permissions.CanReadConfig"/>). Robots get secret values
/// in full, people masked (<see cref="ConfigSecrets"/>), as the task dialog shows them.
/// </summary>
public sealed class TaskConfigService(
    IDbContextFactory<WorkbenchDbContext> contexts,
    ICurrentUser user,
    ConfigFileService files,
    ConfigFileLinks links,
    IWorkbenchEvents events,
    AuditTrail audit,
    TimeProvider clock,
    ILogger<TaskConfigService> logger)
{
    public const string TaskIdField = "task_id";
    public const string AccountField = "shadow_bot_account";
    public const string AppNameField = "app_name";

    /// <summary>
    /// Stores the file (rules of <see cref="ConfigFileRules"/>) as the task's config file, audited, and then deletes the
    /// one it replaces. A refused file, an unknown task or a failed save leaves the task and the store as they were.
    /// </summary>
    /// <param name="requestBase">Where the caller reached the Workbench (for the returned link), if over HTTP.</param>
    /// <exception cref="ValidationFailedException">The task id or the file is not acceptable.</exception>
    /// <exception cref="RuleViolationException"><see cref="ErrorCodes.NotFound"/>: no such task.</exception>
    public async Task<StoredConfigFile> ReplaceConfigFileAsync(
        long taskId, string? fileName, Stream content, long length, Uri? requestBase, CancellationToken cancellationToken)
    {
        user.RequireOperateOrRobot();
        RequireTaskId(taskId);
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            // Checked first so an unknown task costs no upload; checked again in the transaction below.
            if (!await db.Tasks.AnyAsync(t => t.Id == taskId, cancellationToken))
            {
                throw TaskNotFound(taskId);
            }
        }

        var key = await files.StoreAsync(taskId, fileName, content, length, cancellationToken);
        string? replaced;
        try
        {
            replaced = await SetConfigFileAsync(taskId, key, fileName!, length, cancellationToken);
        }
        catch
        {
            await DeleteQuietlyAsync(key);
            throw;
        }

        events.Publish([new TaskChanged(taskId)]);
        if (replaced is not null)
        {
            await DeleteQuietlyAsync(replaced);
        }

        return new StoredConfigFile(fileName!, length, await links.CreateAsync(key, requestBase, cancellationToken));
    }

    /// <summary>The task's config JSON (secret values masked unless a robot asks) and, when it has a config file, a time-limited link to it.</summary>
    /// <remarks>By account and app, several tasks may match: the most recently updated one is answered (its id is in the answer).</remarks>
    /// <exception cref="ValidationFailedException">Neither a task id nor both account and app name.</exception>
    /// <exception cref="RuleViolationException"><see cref="ErrorCodes.NotFound"/>: no task matches.</exception>
    /// <exception cref="AccessDeniedException">A viewer, or nobody signed in.</exception>
    public async Task<RobotTaskConfig> GetRobotConfigAsync(RobotConfigQuery query, Uri? requestBase, CancellationToken cancellationToken)
    {
        user.RequireReadConfig();
        Validate(query);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var tasks = db.Tasks.AsNoTracking().Include(t => t.Account).AsQueryable();
        var (account, app) = (query.ShadowBotAccount?.Trim(), query.AppName?.Trim());
        var task = query.TaskId is { } id
            ? await tasks.FirstOrDefaultAsync(t => t.Id == id, cancellationToken) ?? throw TaskNotFound(id)
            : await tasks.Where(t => t.Account!.ShadowBotAccount == account && t.AppName == app)
                  .OrderByDescending(t => t.UpdatedAt).ThenByDescending(t => t.Id)
                  .FirstOrDefaultAsync(cancellationToken)
              ?? throw new RuleViolationException(ErrorCodes.NotFound,
                  $"No task runs app '{app}' on robot account '{account}'.");

        var file = task.ConfigFileKey is { } key
            ? new StoredConfigFile(ObjectKeys.FileName(key), null, await links.CreateAsync(key, requestBase, cancellationToken))
            : null;
        var json = user.IsRobot() ? task.ConfigJson : ConfigSecrets.Masked(task.ConfigJson);
        return new RobotTaskConfig(task.Id, task.TaskName, task.Account!.ShadowBotAccount, task.AppName, TaskConfigJson.Parse(json), file);
    }

    /// <summary>A stored config file to download (dispose it), or null when it is gone; a viewer is refused.</summary>
    /// <exception cref="AccessDeniedException">A viewer, or nobody signed in.</exception>
    public Task<StoredObject?> OpenConfigFileAsync(string key, CancellationToken cancellationToken)
    {
        user.RequireReadConfig();
        return files.OpenAsync(key, cancellationToken);
    }

    // Returns the key of the file replaced, to delete once the change is committed.
    private async Task<string?> SetConfigFileAsync(long taskId, string key, string fileName, long length, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var task = await db.Tasks.FirstOrDefaultAsync(t => t.Id == taskId, cancellationToken) ?? throw TaskNotFound(taskId);
        var replaced = task.ConfigFileKey;
        task.ConfigFileKey = key;
        task.UpdatedAt = clock.GetUtcNow().UtcDateTime;
        audit.Record(db, AuditActions.TaskConfigFileChanged,
            new AuditTarget(AuditTargetTypes.Task, taskId.ToString(CultureInfo.InvariantCulture), task.TaskName),
            new AuditChanges()
                .Field("config_file", replaced, key)
                .Field("file_name", null, fileName)
                .Field("size", null, length));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return replaced;
    }

    // A file left behind is only wasted space; the task's state is what matters, so a failed delete is logged, not thrown.
    private async Task DeleteQuietlyAsync(string key)
    {
        try
        {
            await files.DeleteAsync(key, CancellationToken.None);
        }
        catch (ObjectStoreUnavailableException ex)
        {
            logger.LogWarning(ex, "The config file {Key} is no longer used but could not be deleted", key);
        }
    }

    private static void RequireTaskId(long taskId)
    {
        if (taskId <= 0)
        {
            throw new ValidationFailedException([new FieldError(TaskIdField, ErrorCodes.OutOfRange, "task_id must be a positive integer.")]);
        }
    }

    private static void Validate(RobotConfigQuery query)
    {
        if (query.TaskId is { } id)
        {
            RequireTaskId(id);
            return;
        }

        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(query.ShadowBotAccount))
        {
            errors.Add(new FieldError(AccountField, ErrorCodes.Required, "Send task_id, or shadow_bot_account and app_name."));
        }

        if (string.IsNullOrWhiteSpace(query.AppName))
        {
            errors.Add(new FieldError(AppNameField, ErrorCodes.Required, "Send task_id, or shadow_bot_account and app_name."));
        }

        if (errors.Count == 2)
        {
            errors.Insert(0, new FieldError(TaskIdField, ErrorCodes.Required, "Send task_id, or shadow_bot_account and app_name."));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    private static RuleViolationException TaskNotFound(long taskId) =>
        new(ErrorCodes.NotFound, string.Create(CultureInfo.InvariantCulture, $"Task {taskId} does not exist."));
}

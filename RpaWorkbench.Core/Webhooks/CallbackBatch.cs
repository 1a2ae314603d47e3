using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// Applies a batch of callbacks, in memory, to the accounts, tasks and logs loaded for it; <see cref="CallbackBatchWriter"/>
/// then writes what changed. Later callbacks in the batch see what earlier ones did (a new unregistered account, a
/// log with the same run key).
/// </summary>
internal sealed class CallbackBatch(
    List<Account> accounts,
    List<RobotTask> tasks,
    Dictionary<string, long> storedRuns,
    DateTime now)
{
    private readonly Dictionary<string, ExecutionLog> _newRuns = new(StringComparer.Ordinal);
    private readonly HashSet<Account> _changedAccounts = [];
    private readonly HashSet<RobotTask> _changedTasks = [];
    private readonly List<ExecutionLog> _createdLogs = [];
    private readonly List<Account> _newAccounts = [];

    /// <summary>Accounts created for robots nobody registered (their Id is 0 until written).</summary>
    public IReadOnlyList<Account> NewAccounts => _newAccounts;

    /// <summary>Existing accounts whose status, recent app, end time or heartbeat changed.</summary>
    public IEnumerable<Account> ChangedAccounts => _changedAccounts.Where(a => !_newAccounts.Contains(a));

    public IReadOnlyCollection<RobotTask> ChangedTasks => _changedTasks;

    /// <summary>New logs; <see cref="ExecutionLog.Account"/> and <see cref="ExecutionLog.Task"/> say what they link to.</summary>
    public IReadOnlyList<ExecutionLog> CreatedLogs => _createdLogs;

    /// <summary>Applies one callback; the returned function gives its receipt once the batch is saved.</summary>
    public Func<CallbackReceipt> Apply(Callback callback) => callback switch
    {
        ExecutionCallback execution => Complete(execution),
        ConfirmCallback confirm => Confirm(confirm),
        HeartbeatCallback heartbeat => Heartbeat(heartbeat),
        _ => throw new ArgumentOutOfRangeException(nameof(callback), callback.GetType().Name, "Unknown callback type."),
    };

    /// <summary>What changed, for the live stream; call after saving (ids are known then).</summary>
    public IReadOnlyList<WorkbenchEvent> Events() =>
    [
        .. _changedAccounts.Select(a => new AccountChanged(a.Id)),
        .. _changedTasks.Select(t => new TaskChanged(t.Id)),
        .. _createdLogs.Select(l => new LogCreated(l.Id, l.ShadowBotAccount, l.AppName, l.Status)),
    ];

    private Func<CallbackReceipt> Complete(ExecutionCallback run)
    {
        if (storedRuns.TryGetValue(run.DedupKey, out var storedId))
        {
            return () => new CallbackReceipt(storedId, Duplicate: true);
        }

        if (_newRuns.TryGetValue(run.DedupKey, out var sameRun))
        {
            return () => new CallbackReceipt(sameRun.Id, Duplicate: true);
        }

        var account = FindOrAdoptAccount(run.Robot);
        var task = FindTask(account, run.AppName, run.TaskId, run.ExecutionId, anyAccount: run.ShadowBotJobUuid is not null);
        var log = NewLog(run, account, task);
        _newRuns[run.DedupKey] = log;
        _createdLogs.Add(log);

        account.EndRun(run.Status, run.AppName, run.EndUtc, now);
        Touch(account);
        if (task is not null && task.EndRun(run.ExecutionId, run.Status, run.StartUtc, run.ErrorMessage, now))
        {
            _changedTasks.Add(task);
        }

        return () => new CallbackReceipt(log.Id);
    }

    private Func<CallbackReceipt> Confirm(ConfirmCallback confirm)
    {
        var account = FindOrAdoptAccount(confirm.Robot);
        var task = FindTask(account, confirm.AppName, confirm.TaskId, runId: null, anyAccount: false);

        // A confirm that arrives after its run's completion must not put the robot back to running.
        var alreadyFinished = confirm.StartUtc is { } start && account.EndTime >= start;
        if (!alreadyFinished)
        {
            account.Status = AccountStatus.Running;
            account.RecentApp = confirm.AppName;
            if (task is not null)
            {
                task.Status = RobotTaskStatus.Running;
                task.LastRunTime = confirm.StartUtc ?? now;
                task.ErrorMessage = null;
                Changed(task);
            }
        }

        Touch(account);
        return () => new CallbackReceipt(task?.Id);
    }

    private Func<CallbackReceipt> Heartbeat(HeartbeatCallback heartbeat)
    {
        var account = FindOrAdoptAccount(heartbeat.Robot);
        Touch(account);
        return () => new CallbackReceipt(account.Id);
    }

    // The robot's account: exact host/port when sent; registered before unregistered, then the one heard from last.
    // A robot nobody registered is recorded as an unregistered account for operators to adopt.
    private Account FindOrAdoptAccount(RobotIdentity robot)
    {
        var match = accounts
            .Where(a => a.ShadowBotAccount == robot.Account
                        && (robot.Host is null || a.HostIp == robot.Host)
                        && (robot.Port is null || a.Port == robot.Port))
            .OrderBy(a => a.Unregistered)
            .ThenByDescending(a => a.LastHeartbeatAt)
            .ThenBy(a => a.Id)
            .FirstOrDefault();
        if (match is not null)
        {
            return match;
        }

        var host = robot.Host ?? "";
        var port = robot.Port ?? 0;
        var adopted = new Account
        {
            ShadowBotAccount = robot.Account,
            HostIp = host,
            Port = port,
            TaskControl = AccountRules.TaskControl(robot.Account, host, port),
            Unregistered = true,
            CreatedAt = now,
            UpdatedAt = now,
        };
        _newAccounts.Add(adopted);
        accounts.Add(adopted);
        return adopted;
    }

    // The task this run belongs to: the sent task_id when it is the account's, else the account's task whose run this
    // is (a ShadowBot job carries the run id as its idempotentUuid, and ShadowBot's app name may differ from the task's),
    // else the account's task for the app, one that is running first. A ShadowBot job's task may be another account's
    // (a group's job runs on whichever robot ShadowBot picks): its run id finds it on any account.
    private RobotTask? FindTask(Account account, string appName, long? taskId, string? runId, bool anyAccount)
    {
        if (taskId is { } id && tasks.FirstOrDefault(t => t.Id == id) is { } sent && sent.AccountId == account.Id)
        {
            return sent;
        }

        if (runId is not null && tasks.FirstOrDefault(t => (anyAccount || t.AccountId == account.Id) && t.CurrentRunId == runId) is { } running)
        {
            return running;
        }

        return tasks
            .Where(t => t.AccountId == account.Id && t.AppName == appName)
            .OrderByDescending(t => t.Status != RobotTaskStatus.Pending)
            .ThenByDescending(t => t.LastRunTime)
            .ThenBy(t => t.Id)
            .FirstOrDefault();
    }

    private ExecutionLog NewLog(ExecutionCallback run, Account account, RobotTask? task) => new()
    {
        ExecutionId = run.ExecutionId,
        DedupKey = run.DedupKey,
        Text = run.ErrorMessage is null
            ? $"{run.AppName}: {ContractName.Of(run.Status)}"
            : $"{run.AppName}: {ContractName.Of(run.Status)} - {run.ErrorMessage}",
        AppName = run.AppName,
        ShadowBotAccount = run.Robot.Account,
        HostIp = run.Robot.Host ?? NullIfEmpty(account.HostIp),
        Status = run.Status,
        StartTime = run.StartUtc,
        EndTime = run.EndUtc,
        DurationSeconds = run.DurationSeconds,
        TotalItems = run.TotalItems,
        SuccessItems = run.SuccessItems,
        FailedItems = run.FailedItems,
        LogInfo = run.LogInfo,
        Screenshot = run.Screenshot,
        ScreenshotUrl = run.ScreenshotUrl,
        LogUrl = run.LogUrl,
        LogContent = run.LogContent,
        ErrorMessage = run.ErrorMessage,
        Outputs = run.Outputs,
        ShadowBotJobUuid = run.ShadowBotJobUuid,
        Account = account,
        Task = task,
        CreatedAt = now,
    };

    // Any callback proves the robot is alive.
    private void Touch(Account account)
    {
        account.LastHeartbeatAt = account.LastHeartbeatAt is { } last && last > now ? last : now;
        account.UpdatedAt = now;
        _changedAccounts.Add(account);
    }

    private void Changed(RobotTask task)
    {
        task.UpdatedAt = now;
        _changedTasks.Add(task);
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}

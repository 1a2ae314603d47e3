using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Webhooks;

/// <summary>
/// The accounts and tasks the SQLite ingest store last read or wrote, kept between batches so a steady stream of
/// callbacks does not read the same rows again for every run. Valid only while no other connection has committed since
/// the writer's own last commit (SQLite's <c>data_version</c> is unchanged); an operator's edit, a task start, the
/// watchdog or any other writer drops it whole. The writer's own changes are made to these very objects, so after its
/// commit they are what the database holds; a failed batch drops them too.
/// </summary>
internal sealed class IngestCache
{
    // Unregistered accounts are adopted from whatever names callers send; a bound keeps memory flat whatever they send.
    private const int MaxAccounts = 100_000;

    private readonly Dictionary<string, List<Account>> _accountsByName = new(StringComparer.Ordinal);
    private readonly Dictionary<long, List<RobotTask>> _tasksByAccount = [];
    private long? _dataVersion;

    /// <summary>Call inside the batch's write transaction, before reading: nobody else can commit until it ends.</summary>
    public void Validate(long? dataVersion)
    {
        if (dataVersion is null || dataVersion != _dataVersion || _accountsByName.Count > MaxAccounts)
        {
            Clear();
            _dataVersion = dataVersion;
        }
    }

    public void Clear()
    {
        _accountsByName.Clear();
        _tasksByAccount.Clear();
        _dataVersion = null;
    }

    /// <summary>The accounts with this name (several robots may share one), read once.</summary>
    public List<Account> AccountsNamed(string name, Func<string, List<Account>> read) =>
        GetOrRead(_accountsByName, name, read);

    public List<RobotTask> TasksOf(long accountId, Func<long, List<RobotTask>> read) =>
        GetOrRead(_tasksByAccount, accountId, read);

    /// <summary>After the commit that inserted them: accounts adopted from callbacks (no tasks yet).</summary>
    public void Added(IEnumerable<Account> accounts)
    {
        foreach (var account in accounts)
        {
            GetOrRead(_accountsByName, account.ShadowBotAccount, _ => []).Add(account);
            _tasksByAccount[account.Id] = [];
        }
    }

    private static List<T> GetOrRead<TKey, T>(Dictionary<TKey, List<T>> cache, TKey key, Func<TKey, List<T>> read)
        where TKey : notnull
    {
        if (!cache.TryGetValue(key, out var rows))
        {
            rows = read(key);
            cache[key] = rows;
        }

        return rows;
    }
}

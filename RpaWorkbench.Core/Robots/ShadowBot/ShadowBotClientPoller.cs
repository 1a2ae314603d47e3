using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Live;

namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>
/// With <c>Workbench:Robots:Mode=ShadowBot</c>, reads client/list (every page) every
/// <see cref="ShadowBotOptions.ClientPollInterval"/>: each account named as a robot client gets the client's status in
/// <see cref="Account.ShadowBotStatus"/> and, unless the client is offline, a heartbeat, so the accounts page and the run
/// watchdog see ShadowBot's robots as online. A client no account has becomes an unregistered account, as a callback
/// from an unknown robot does. Safe beside other instances: the unique index keeps one account per client.
/// </summary>
internal sealed class ShadowBotClientPoller(
    IDbContextFactory<WorkbenchDbContext> contexts,
    IServiceProvider services,
    IWorkbenchEvents events,
    IOptions<RobotOptions> robots,
    IOptions<ShadowBotOptions> options,
    IOptions<AccountOptions> accountOptions,
    TimeProvider clock,
    ILogger<ShadowBotClientPoller> logger) : BackgroundService
{
    private const string Offline = "offline";

    private const int PageSize = 100;

    // A guard against a list that never ends (pages that keep coming back full): 100,000 clients.
    private const int MaxPages = 1_000;

    /// <summary>Reads every robot client once and updates the accounts; returns how many accounts changed or were created.</summary>
    public async Task<int> PollAsync(CancellationToken cancellationToken)
    {
        var clients = await ReadClientsAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var changed = new HashSet<long>();
        await AdoptUnknownAsync(clients, now, changed, cancellationToken);
        await UpdateKnownAsync(clients, now, changed, cancellationToken);
        events.Publish([.. changed.Select(id => new AccountChanged(id))]);
        return changed.Count;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (robots.Value.Mode != RobotMode.ShadowBot || !options.Value.HasKeyPair)
        {
            return Task.CompletedTask;
        }

        return PeriodicPasses.RunAsync(options.Value.ClientPollInterval, clock, logger, "ShadowBot client poller", PollAsync, stoppingToken);
    }

    // Client name → status; a name listed twice keeps its last status.
    private async Task<Dictionary<string, string>> ReadClientsAsync(CancellationToken cancellationToken)
    {
        var client = services.GetRequiredService<ShadowBotClient>();
        var clients = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var page = 1; page <= MaxPages; page++)
        {
            var listed = await client.ListClientsAsync(new ShadowBotClientQuery(page, PageSize), cancellationToken);
            foreach (var robot in listed.Items.Where(r => !string.IsNullOrWhiteSpace(r.RobotClientName) && !string.IsNullOrWhiteSpace(r.Status)))
            {
                var status = robot.Status.Trim().ToLowerInvariant();
                clients[robot.RobotClientName.Trim()] = status.Length > AccountRules.MaxShadowBotStatusLength ? status[..AccountRules.MaxShadowBotStatusLength] : status;
            }

            var lastPage = listed.Pages > 0 ? page >= listed.Pages : listed.Items.Count < PageSize;
            if (lastPage)
            {
                break;
            }
        }

        return clients;
    }

    // One insert each: when another instance (or a callback) created the same account first, the unique index refuses
    // ours and the update below sets that account's status instead.
    private async Task AdoptUnknownAsync(Dictionary<string, string> clients, DateTime now, HashSet<long> changed, CancellationToken cancellationToken)
    {
        HashSet<string> known;
        await using (var db = await contexts.CreateDbContextAsync(cancellationToken))
        {
            var names = clients.Keys.ToList();
            known = (await db.Accounts.AsNoTracking().Where(a => names.Contains(a.ShadowBotAccount)).Select(a => a.ShadowBotAccount)
                .ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        }

        foreach (var (name, status) in clients.Where(c => !known.Contains(c.Key)))
        {
            // A name no account could be saved with (too long, hidden characters) is left out, as a callback's would be refused.
            if (name.Length > AccountRules.MaxAccountLength || IdentifierText.Check(AccountRules.AccountField, name, name) is not null)
            {
                continue;
            }

            var account = new Account
            {
                ShadowBotAccount = name,
                HostIp = "",
                Port = 0,
                TaskControl = AccountRules.TaskControl(name, "", 0),
                Unregistered = true,
                ShadowBotStatus = status,
                LastHeartbeatAt = status == Offline ? null : now,
                CreatedAt = now,
                UpdatedAt = now,
            };
            await using var db = await contexts.CreateDbContextAsync(cancellationToken);
            db.Accounts.Add(account);
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                changed.Add(account.Id);
            }
            catch (DbUpdateException ex) when (DbErrors.IsUniqueViolation(ex))
            {
                logger.LogDebug("Robot client {Client} was adopted by someone else meanwhile", name);
            }
        }
    }

    // Set-based updates, not tracked entities: an operator's edit (the account's version) must not conflict with a poll.
    private async Task UpdateKnownAsync(Dictionary<string, string> clients, DateTime now, HashSet<long> changed, CancellationToken cancellationToken)
    {
        var onlineSince = accountOptions.Value.OnlineSince(now);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var names = clients.Keys.ToList();
        var accounts = await db.Accounts.AsNoTracking().Where(a => names.Contains(a.ShadowBotAccount))
            .Select(a => new { a.Id, a.ShadowBotAccount, a.ShadowBotStatus, a.LastHeartbeatAt })
            .ToListAsync(cancellationToken);

        foreach (var group in accounts.Where(a => a.ShadowBotStatus != clients[a.ShadowBotAccount]).GroupBy(a => clients[a.ShadowBotAccount]))
        {
            var ids = group.Select(a => a.Id).ToList();
            await db.Accounts.Where(a => ids.Contains(a.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(a => a.ShadowBotStatus, group.Key).SetProperty(a => a.UpdatedAt, now), cancellationToken);
            changed.UnionWith(ids);
        }

        var alive = accounts.Where(a => clients[a.ShadowBotAccount] != Offline).ToList();
        var aliveIds = alive.Select(a => a.Id).ToList();
        await db.Accounts.Where(a => aliveIds.Contains(a.Id) && (a.LastHeartbeatAt == null || a.LastHeartbeatAt < now))
            .ExecuteUpdateAsync(set => set.SetProperty(a => a.LastHeartbeatAt, now), cancellationToken);
        // A heartbeat that turns an account online is a change the accounts page shows; one that keeps it online is not.
        changed.UnionWith(alive.Where(a => a.LastHeartbeatAt is not { } last || last < onlineSince).Select(a => a.Id));
    }
}

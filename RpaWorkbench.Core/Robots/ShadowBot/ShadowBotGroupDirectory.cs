namespace RpaWorkbench.Core.Robots.ShadowBot;

/// <summary>The robot groups ShadowBot knows, or why they could not be read (shown where a group is picked).</summary>
public sealed record ShadowBotGroupList(IReadOnlyList<ShadowBotClientGroup> Groups, ShadowBotErrorKind? FailureKind = null, string? Problem = null);

/// <summary>
/// ShadowBot's robot groups (client/group/list, every page) for the task dialog's group picker. A list read is kept for
/// <see cref="CacheFor"/>, so opening dialogs does not spend ShadowBot's 5 requests a second for client/group/list; a failure is not kept.
/// </summary>
public sealed class ShadowBotGroupDirectory(IServiceProvider services, TimeProvider clock) : IDisposable
{
    public static readonly TimeSpan CacheFor = TimeSpan.FromMinutes(1);
    private const int PageSize = 100;

    // A bound on a list that never ends (a misbehaving host): 50 pages of 100 groups is far beyond any tenant.
    private const int MaxPages = 50;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private (IReadOnlyList<ShadowBotClientGroup> Groups, DateTimeOffset ReadAt)? _cached;

    /// <summary>The groups, from the cache when it is fresh; a ShadowBot failure comes back as <see cref="ShadowBotGroupList.Problem"/>.</summary>
    public async Task<ShadowBotGroupList> ListAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_cached is { } cached && clock.GetUtcNow() - cached.ReadAt < CacheFor)
            {
                return new ShadowBotGroupList(cached.Groups);
            }

            var groups = await ReadAllAsync(cancellationToken);
            _cached = (groups, clock.GetUtcNow());
            return new ShadowBotGroupList(groups);
        }
        catch (ShadowBotException ex)
        {
            return new ShadowBotGroupList([], ex.Kind, ex.Message);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private async Task<IReadOnlyList<ShadowBotClientGroup>> ReadAllAsync(CancellationToken cancellationToken)
    {
        // A typed HttpClient per read, so the factory can rotate its handler while this cache lives for the app's lifetime.
        var client = services.GetRequiredService<ShadowBotClient>();
        var groups = new Dictionary<string, ShadowBotClientGroup>(StringComparer.Ordinal);
        for (var page = 1; page <= MaxPages; page++)
        {
            var answer = await client.ListClientGroupsAsync(page, PageSize, cancellationToken);
            foreach (var group in answer.Items)
            {
                groups.TryAdd(group.RobotClientGroupUuid, group);
            }

            // Without a page block (Pages 0) a short page is the last one.
            var more = answer.Pages > 0 ? page < answer.Pages : answer.Items.Count == PageSize;
            if (!more)
            {
                break;
            }
        }

        return [.. groups.Values.OrderBy(g => g.RobotClientGroupName, StringComparer.CurrentCulture)];
    }
}

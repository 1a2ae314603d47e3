using RpaWorkbench.Core.ApiKeys;

namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary>
/// The simulated robot's API key: a fresh one each start (the secret lives only in memory), and the keys earlier starts
/// created revoked, so they neither pile up nor stay valid.
/// </summary>
internal sealed class SimulatedRobotKey(IServiceScopeFactory scopes)
{
    public const string Name = "simulated robot";

    /// <summary>Who the key is recorded as created by; together with <see cref="Name"/> it marks the simulator's keys.</summary>
    public const string Creator = "simulated robot";

    /// <summary>Creates the new key and revokes the older simulated-robot keys; returns the new secret.</summary>
    public async Task<string> RenewAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var created = await scope.ServiceProvider.GetRequiredService<ApiKeyService>().RenewSystemKeyAsync(Name, Creator, cancellationToken);
        return created.Secret;
    }
}

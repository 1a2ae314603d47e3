using RpaWorkbench.Core.ApiKeys;
namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>Where a load goes: the URL, and the API key to send as <c>X-Api-Key</c> (none for the baselines).</summary>
public sealed record LoadTarget(Uri Url, string? ApiKey);

/// <summary>Closed-loop load: a fixed number of connections, each sending its next request as soon as the last is answered.</summary>
public interface IClosedLoad
{
    /// <summary>What generates the load, for the report.</summary>
    string Name { get; }

    /// <summary>Posts runs <paramref name="firstRun"/>, <paramref name="firstRun"/> + 1, … for <paramref name="duration"/>.</summary>
    Task<LoadResult> RunAsync(LoadTarget target, int connections, TimeSpan duration, long firstRun, CancellationToken cancellationToken);
}

namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>The result of a proxied fetch: the <see cref="Resource"/> when <see cref="Outcome"/> is Fetched, else why not.</summary>
public sealed record ResourceFetch(ResourceFetchOutcome Outcome, string Message, ProxiedResource? Resource = null)
{
    public static ResourceFetch Refused(UrlCheck check) => new(check.Outcome, check.Message);
}

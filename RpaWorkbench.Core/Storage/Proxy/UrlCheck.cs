namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>
/// The verdict on one URL: the parsed URL when the proxy may fetch it, or the key when it names a run file in the
/// Workbench's own store (<see cref="StoredObjectLinks"/>), otherwise why not.
/// </summary>
public sealed record UrlCheck(Uri? Url, ResourceFetchOutcome Outcome, string Message, string? StoredKey = null)
{
    public bool IsAllowed => Url is not null || StoredKey is not null;

    public static UrlCheck Allowed(Uri url) => new(url, ResourceFetchOutcome.Fetched, "");

    public static UrlCheck Stored(string key) => new(null, ResourceFetchOutcome.Fetched, "", key);

    public static UrlCheck Invalid(string message) => new(null, ResourceFetchOutcome.InvalidUrl, message);

    public static UrlCheck NotAllowed(string message) => new(null, ResourceFetchOutcome.NotAllowed, message);
}

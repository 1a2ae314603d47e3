namespace RpaWorkbench.Core.Storage;

/// <summary>
/// Links to objects in the Workbench's own store: the object download endpoint's path,
/// <c>/api/v1/resources/objects/{key}</c>. Screenshots and logs kept in that store under
/// <see cref="ObjectKeys.RunFilesFolder"/> are linked this way from a log's <c>ScreenshotUrl</c> and <c>LogUrl</c>:
/// relative to the Workbench when it writes the log itself (the demo's history), absolute under one of the Workbench's
/// own base URLs when a robot reports them (the simulated robot's uploads; webhook URLs are absolute). The resource
/// proxy shows either as it shows a robot's files, reading them from the store (whichever it is) instead of the
/// network, and the download endpoint serves the same path.
/// </summary>
public static class StoredObjectLinks
{
    public const string PathPrefix = "/api/v1/resources/objects/";

    /// <summary>The link to a key, relative to the Workbench (keys need no escaping: <see cref="ObjectKeys.Rule"/>).</summary>
    public static string PathFor(string key) => PathPrefix + key;

    /// <summary>The absolute link to a key under the Workbench's base URL <paramref name="workbench"/> (ending in '/').</summary>
    public static Uri UrlFor(Uri workbench, string key) => new(workbench, PathPrefix.TrimStart('/') + key);

    /// <summary>The key of the run file the relative <paramref name="url"/> links to, or null when it links to anything else.</summary>
    public static string? RunFileKey(string? url) =>
        url is not null && url.StartsWith(PathPrefix, StringComparison.Ordinal) && ObjectKeys.IsRunFile(url[PathPrefix.Length..])
            ? url[PathPrefix.Length..]
            : null;

    /// <summary>
    /// The key of the run file the absolute <paramref name="url"/> links to when it is under one of
    /// <paramref name="workbenchBases"/> (same scheme, host and port, below the base's path, no query or fragment);
    /// otherwise null.
    /// </summary>
    public static string? RunFileKey(Uri url, IEnumerable<Uri> workbenchBases)
    {
        if (url.UserInfo.Length > 0 || url.Query.Length > 0 || url.Fragment.Length > 0)
        {
            return null;
        }

        foreach (var workbench in workbenchBases)
        {
            var basePath = workbench.AbsolutePath.TrimEnd('/');
            if (url.Scheme == workbench.Scheme && url.Port == workbench.Port
                && string.Equals(url.IdnHost, workbench.IdnHost, StringComparison.OrdinalIgnoreCase)
                && url.AbsolutePath.StartsWith(basePath + PathPrefix, StringComparison.Ordinal)
                && RunFileKey(url.AbsolutePath[basePath.Length..]) is { } key)
            {
                return key;
            }
        }

        return null;
    }
}

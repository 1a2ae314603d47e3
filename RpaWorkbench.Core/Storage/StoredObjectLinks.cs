namespace RpaWorkbench.Core.Storage;

/// <summary>
/// Links to objects in the Workbench's own store: the object download endpoint's path,
/// <c>/api/v1/resources/objects/{key}</c>, relative to the Workbench. Screenshots and logs the Workbench keeps itself
/// (the demo's, under <see cref="ObjectKeys.RunFilesFolder"/>) are linked this way from a log's <c>ScreenshotUrl</c> and
/// <c>LogUrl</c>: the resource proxy shows them as it shows a robot's files, reading them from the store (whichever it is)
/// instead of the network, and the download endpoint serves the same path.
/// </summary>
public static class StoredObjectLinks
{
    public const string PathPrefix = "/api/v1/resources/objects/";

    /// <summary>The link to a key (keys need no escaping: <see cref="ObjectKeys.Rule"/>).</summary>
    public static string PathFor(string key) => PathPrefix + key;

    /// <summary>The key of the run file <paramref name="url"/> links to, or null when it links to anything else.</summary>
    public static string? RunFileKey(string? url) =>
        url is not null && url.StartsWith(PathPrefix, StringComparison.Ordinal) && ObjectKeys.IsRunFile(url[PathPrefix.Length..])
            ? url[PathPrefix.Length..]
            : null;
}

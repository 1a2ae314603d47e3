namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>
/// A fetched resource ready to stream: its body (capped, ending at the fetch's deadline), the content type to serve
/// (<see cref="ContentTypes.ToServe"/>), its length when the storage declared one, and a safe file name for downloads.
/// Disposing it closes the upstream response.
/// </summary>
public sealed class ProxiedResource(Stream content, string contentType, long? length, string fileName, string source, params IDisposable[] owned)
    : IAsyncDisposable
{
    public Stream Content { get; } = content;

    public string ContentType { get; } = contentType;

    public long? Length { get; } = length;

    public string FileName { get; } = fileName;

    /// <summary>Where it came from, for logs: scheme, host, port and path, never the query.</summary>
    public string Source { get; } = source;

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        foreach (var resource in owned)
        {
            resource.Dispose();
        }
    }
}

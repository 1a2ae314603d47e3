namespace RpaWorkbench.Core.Storage;

/// <summary>An object opened for reading: its bytes, the content type it was stored with and its length in bytes.</summary>
public sealed class StoredObject(Stream content, string contentType, long length) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;

    public string ContentType { get; } = contentType;

    public long Length { get; } = length;

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}

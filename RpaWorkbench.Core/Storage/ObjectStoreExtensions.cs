namespace RpaWorkbench.Core.Storage;

internal static class ObjectStoreExtensions
{
    /// <summary>Stores <paramref name="content"/> whole under <paramref name="key"/>, as <see cref="IObjectStore.PutAsync"/> does.</summary>
    public static async Task PutBytesAsync(this IObjectStore store, string key, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content);
        await store.PutAsync(key, stream, contentType, content.Length, cancellationToken);
    }
}

namespace RpaWorkbench.Core.Storage;

/// <summary>The checks and the copy every store makes for <see cref="IObjectStore.PutAsync"/>, so they behave alike.</summary>
internal static class ObjectUpload
{
    private const int BufferSize = 81920;

    /// <summary>Refuses an invalid key, content type or length before anything is read or written.</summary>
    public static void EnsureValid(string key, Stream content, string contentType, long length)
    {
        ObjectKeys.EnsureValid(key);
        ArgumentNullException.ThrowIfNull(content);
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        if (!ContentTypes.IsWellFormed(contentType))
        {
            throw new ArgumentException("The content type must be a media type such as application/json.", nameof(contentType));
        }
    }

    /// <summary>Copies exactly <paramref name="length"/> bytes; a source that ends early or has more throws <see cref="InvalidDataException"/>.</summary>
    public static async Task CopyExactlyAsync(Stream source, Stream destination, long length, CancellationToken cancellationToken)
    {
        var buffer = new byte[(int)Math.Min(BufferSize, Math.Max(length, 1))];
        var remaining = length;
        while (remaining > 0)
        {
            var read = await source.ReadAsync(buffer.AsMemory(0, (int)Math.Min(buffer.Length, remaining)), cancellationToken);
            if (read == 0)
            {
                throw new InvalidDataException($"The content ended after {length - remaining} of the {length} bytes declared; nothing was stored.");
            }

            await destination.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            remaining -= read;
        }

        if (await source.ReadAsync(buffer.AsMemory(0, 1), cancellationToken) > 0)
        {
            throw new InvalidDataException($"The content is longer than the {length} bytes declared; nothing was stored.");
        }
    }
}

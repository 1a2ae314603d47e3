using RpaWorkbench.Core.Storage;

namespace RpaWorkbench.Tests.Storage;

/// <summary>Test data and reading helpers for object-store tests.</summary>
public static class StoredBytes
{
    /// <summary>Reproducible pseudo-random bytes (the seed is the length).</summary>
    public static byte[] Random(int length)
    {
        var bytes = new byte[length];
        new Random(length).NextBytes(bytes);
        return bytes;
    }

    /// <summary>Every byte value, many times over: a file no text transformation would leave intact.</summary>
    public static byte[] EveryByteValue(int repeats = 64) => Enumerable.Range(0, 256 * repeats).Select(i => (byte)(i % 256)).ToArray();

    /// <summary>A fresh key under a test folder.</summary>
    public static string NewKey(string extension = ".bin") => $"tests/{Guid.NewGuid():N}{extension}";

    /// <summary>Reads the whole object and disposes it.</summary>
    public static async Task<byte[]> ReadAllAsync(StoredObject stored, CancellationToken cancellationToken)
    {
        await using (stored)
        {
            using var copy = new MemoryStream();
            await stored.Content.CopyToAsync(copy, cancellationToken);
            return copy.ToArray();
        }
    }

    public static Task PutAsync(this IObjectStore store, string key, byte[] bytes, string contentType, CancellationToken cancellationToken) =>
        store.PutAsync(key, new MemoryStream(bytes), contentType, bytes.Length, cancellationToken);
}

using System.Text.Json;

namespace RpaWorkbench.Core.Storage;

/// <summary>
/// Objects as files under <see cref="StorageOptions.LocalRoot"/>: the bytes at <c>{root}/{key}</c>, the content type in a
/// small JSON sidecar <c>{key}~meta</c> ('~' cannot occur in a key, so no key names a sidecar or a temporary file). Each
/// file is written to a temporary name, flushed to disk and renamed over the old one, so a reader sees the old object or
/// the new one, never half of one.
/// </summary>
internal sealed class LocalFolderObjectStore(IOptions<StorageOptions> options) : IObjectStore
{
    private const string MetaSuffix = "~meta";
    private const int BufferSize = 81920;

    private readonly string _root = Path.TrimEndingDirectorySeparator(Path.GetFullPath(
        options.Value.LocalRoot ?? throw new InvalidOperationException("Workbench:Storage:LocalRoot was not resolved.")));

    public async Task PutAsync(string key, Stream content, string contentType, long length, CancellationToken cancellationToken)
    {
        ObjectUpload.EnsureValid(key, content, contentType, length);
        var path = PathOf(key);
        var dataTemp = TempPath(path);
        var metaTemp = TempPath(path + MetaSuffix);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await WriteDurablyAsync(dataTemp, s => ObjectUpload.CopyExactlyAsync(content, s, length, cancellationToken), cancellationToken);
            await WriteDurablyAsync(metaTemp, s => JsonSerializer.SerializeAsync(s, new LocalObjectMeta(contentType), LocalObjectMetaJson.Default.LocalObjectMeta, cancellationToken), cancellationToken);
            // The type first: the data file is what makes the object exist, and a new object never shows another's type.
            File.Move(metaTemp, path + MetaSuffix, overwrite: true);
            File.Move(dataTemp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ObjectStoreUnavailableException($"The object could not be written under the storage folder: {ex.Message}", ex);
        }
        finally
        {
            File.Delete(dataTemp);
            File.Delete(metaTemp);
        }
    }

    public async Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        FileStream data;
        try
        {
            // FileShare.Delete: a later put or delete may replace the file while this reader still streams the old one.
            data = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, BufferSize, FileOptions.Asynchronous | FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ObjectStoreUnavailableException($"The object could not be read from the storage folder: {ex.Message}", ex);
        }

        try
        {
            return new StoredObject(data, await ReadContentTypeAsync(path, cancellationToken), data.Length);
        }
        catch
        {
            await data.DisposeAsync();
            throw;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        try
        {
            File.Delete(path);
            File.Delete(path + MetaSuffix);
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing was ever stored under this folder.
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ObjectStoreUnavailableException($"The object could not be deleted from the storage folder: {ex.Message}", ex);
        }

        return Task.CompletedTask;
    }

    public Task<bool> ExistsAsync(string key, CancellationToken cancellationToken) => Task.FromResult(File.Exists(PathOf(key)));

    public Task<Uri?> GetDownloadUrlAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.EnsureValid(key);
        return Task.FromResult<Uri?>(null);
    }

    /// <summary>The file of a valid key; the containment check is a second line behind <see cref="ObjectKeys"/>.</summary>
    private string PathOf(string key)
    {
        ObjectKeys.EnsureValid(key);
        var path = Path.GetFullPath(Path.Combine(_root, key));
        if (!path.StartsWith(_root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
        {
            throw new InvalidObjectKeyException();
        }

        return path;
    }

    private static string TempPath(string path) => $"{path}~{Guid.NewGuid():N}.tmp";

    private static async Task WriteDurablyAsync(string path, Func<Stream, Task> write, CancellationToken cancellationToken)
    {
        await using var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, BufferSize, FileOptions.Asynchronous);
        await write(file);
        await file.FlushAsync(cancellationToken);
        file.Flush(flushToDisk: true);
    }

    // An object written by hand (no sidecar) is served as binary rather than refused.
    private static async Task<string> ReadContentTypeAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await using var meta = File.OpenRead(path + MetaSuffix);
            var stored = await JsonSerializer.DeserializeAsync(meta, LocalObjectMetaJson.Default.LocalObjectMeta, cancellationToken);
            return ContentTypes.IsWellFormed(stored?.ContentType) ? stored!.ContentType : ContentTypes.Binary;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException or JsonException)
        {
            return ContentTypes.Binary;
        }
    }
}

/// <summary>The sidecar of a locally stored object.</summary>
internal sealed record LocalObjectMeta(string ContentType);

[System.Text.Json.Serialization.JsonSerializable(typeof(LocalObjectMeta))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class LocalObjectMetaJson : System.Text.Json.Serialization.JsonSerializerContext;

namespace RpaWorkbench.Core.Storage;

/// <summary>
/// Where the Workbench keeps files (task config files, later screenshots and logs): a folder on this machine by default,
/// or an S3-compatible bucket such as Aliyun OSS. Keys come from <see cref="ObjectKeys"/>; every method refuses an invalid
/// key with <see cref="InvalidObjectKeyException"/> before it touches storage. Failures of the storage itself surface as
/// <see cref="ObjectStoreUnavailableException"/>.
/// </summary>
public interface IObjectStore
{
    /// <summary>
    /// Stores exactly <paramref name="length"/> bytes of <paramref name="content"/> under <paramref name="key"/>, replacing
    /// any object already there. A stream that ends early or runs past <paramref name="length"/> stores nothing and throws
    /// <see cref="InvalidDataException"/>.
    /// </summary>
    Task PutAsync(string key, Stream content, string contentType, long length, CancellationToken cancellationToken);

    /// <summary>The object for reading (dispose it), or null when there is no object under the key.</summary>
    Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Removes the object; removing a key that holds nothing is not an error.</summary>
    Task DeleteAsync(string key, CancellationToken cancellationToken);

    /// <summary>Whether an object is stored under the key.</summary>
    Task<bool> ExistsAsync(string key, CancellationToken cancellationToken);

    /// <summary>
    /// A time-limited URL that downloads the object straight from the storage, or null when the storage has none (the local
    /// folder): then the Workbench serves it. The URL is signed without checking that the object exists.
    /// </summary>
    Task<Uri?> GetDownloadUrlAsync(string key, CancellationToken cancellationToken);
}

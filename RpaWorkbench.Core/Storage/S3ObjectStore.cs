using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace RpaWorkbench.Core.Storage;

/// <summary>
/// Objects in an S3-compatible bucket (Aliyun OSS, MinIO, AWS). Uploads are one PUT without aws-chunked framing
/// (<c>UseChunkEncoding = false</c>): some S3-compatible servers store that framing as if it were the object's bytes.
/// </summary>
internal sealed class S3ObjectStore(S3StorageOptions options, TimeProvider clock) : IObjectStore, IDisposable
{
    private const int BufferSize = 81920;
    private readonly AmazonS3Client _client = S3Clients.Create(options);
    private readonly string _bucket = options.Bucket!;

    public async Task PutAsync(string key, Stream content, string contentType, long length, CancellationToken cancellationToken)
    {
        ObjectUpload.EnsureValid(key, content, contentType, length);
        // The SDK signs the payload, so it reads the body twice: a stream that cannot seek is first copied to a temporary file.
        await using var buffered = content.CanSeek ? null : await BufferAsync(content, length, cancellationToken);
        var body = buffered ?? content;
        if (body.Length - body.Position != length)
        {
            throw new InvalidDataException($"The content has {body.Length - body.Position} bytes, not the {length} declared; nothing was stored.");
        }

        var request = new PutObjectRequest
        {
            BucketName = _bucket,
            Key = key,
            InputStream = body,
            AutoCloseStream = false,
            ContentType = contentType,
            UseChunkEncoding = false,
        };
        request.Headers.ContentLength = length;
        await CallAsync(() => _client.PutObjectAsync(request, cancellationToken), "written");
    }

    public async Task<StoredObject?> GetAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.EnsureValid(key);
        var response = await FindAsync(() => _client.GetObjectAsync(_bucket, key, cancellationToken), "read");
        return response is null
            ? null
            : new StoredObject(response.ResponseStream, response.Headers.ContentType ?? ContentTypes.Binary, response.ContentLength);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.EnsureValid(key);
        await CallAsync(() => _client.DeleteObjectAsync(_bucket, key, cancellationToken), "deleted");
    }

    public async Task<bool> ExistsAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.EnsureValid(key);
        return await FindAsync(() => _client.GetObjectMetadataAsync(_bucket, key, cancellationToken), "checked") is not null;
    }

    public async Task<Uri?> GetDownloadUrlAsync(string key, CancellationToken cancellationToken)
    {
        ObjectKeys.EnsureValid(key);
        var request = new GetPreSignedUrlRequest
        {
            BucketName = _bucket,
            Key = key,
            Verb = HttpVerb.GET,
            Expires = clock.GetUtcNow().UtcDateTime + options.PresignExpiry,
            // The SDK would otherwise sign an https URL even for an http endpoint.
            Protocol = new Uri(options.ServiceUrl!).Scheme == Uri.UriSchemeHttp ? Protocol.HTTP : Protocol.HTTPS,
        };
        return new Uri(await _client.GetPreSignedURLAsync(request));
    }

    public void Dispose() => _client.Dispose();

    private static async Task<FileStream> BufferAsync(Stream content, long length, CancellationToken cancellationToken)
    {
        var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, BufferSize,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            await ObjectUpload.CopyExactlyAsync(content, file, length, cancellationToken);
            file.Position = 0;
            return file;
        }
        catch
        {
            await file.DisposeAsync();
            throw;
        }
    }

    /// <summary>The answer, or null when the bucket has no such object (a missing bucket is a failure, not an empty answer).</summary>
    private static async Task<T?> FindAsync<T>(Func<Task<T>> call, string action) where T : class
    {
        try
        {
            return await CallAsync(call, action);
        }
        catch (ObjectStoreUnavailableException ex) when (ex.InnerException is AmazonS3Exception { StatusCode: HttpStatusCode.NotFound } missing
                                                         && missing.ErrorCode != "NoSuchBucket")
        {
            return null;
        }
    }

    // Messages carry the status and the service's error code; the SDK's own messages never contain the secret key.
    private static async Task<T> CallAsync<T>(Func<Task<T>> call, string action)
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException ex)
        {
            throw new ObjectStoreUnavailableException($"The object could not be {action} in the bucket: {(int)ex.StatusCode} {ex.ErrorCode}.", ex);
        }
        catch (Exception ex) when (ex is AmazonClientException or HttpRequestException or IOException)
        {
            throw new ObjectStoreUnavailableException($"The object could not be {action}: the storage endpoint did not answer ({ex.GetType().Name}).", ex);
        }
    }
}

using System.Globalization;
using System.Net;
using System.Web;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Storage;

/// <summary>What only the S3 store does: presigned download URLs, and failures of the endpoint itself.</summary>
[Collection(S3Collection.Name)]
public sealed class S3ObjectStoreTests(S3rverFixture s3)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetDownloadUrl_FetchedOverHttp_ReturnsTheStoredBytes()
    {
        using var store = new S3ObjectStore(s3.Options(), TimeProvider.System);
        var bytes = StoredBytes.EveryByteValue();
        var key = StoredBytes.NewKey(".xlsx");
        await store.PutAsync(key, bytes, ContentTypes.ForExtension(".xlsx"), Ct);

        var url = (await store.GetDownloadUrlAsync(key, Ct))!;
        using var http = new HttpClient();
        var response = await http.GetAsync(url, Ct);

        Assert.True(IPAddress.IsLoopback(IPAddress.Parse(url.Host)));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(bytes, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData(null, 900)]
    [InlineData("00:02:00", 120)]
    public async Task GetDownloadUrl_ExpiresTheConfiguredTimeFromNow(string? expiry, int seconds)
    {
        using var store = new S3ObjectStore(
            s3.Options(presignExpiry: expiry is null ? null : TimeSpan.Parse(expiry, CultureInfo.InvariantCulture)), TimeProvider.System);

        var before = DateTimeOffset.UtcNow;
        var url = (await store.GetDownloadUrlAsync(StoredBytes.NewKey(), Ct))!;
        var after = DateTimeOffset.UtcNow;

        // SigV4 states a signing time and a lifetime, each in whole seconds (the SDK rounds both from its own clock):
        // together they give the moment the URL expires, to within two seconds.
        var query = HttpUtility.ParseQueryString(url.Query);
        var signedAt = DateTimeOffset.ParseExact(query["X-Amz-Date"]!, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
        var expiresAt = signedAt.AddSeconds(int.Parse(query["X-Amz-Expires"]!, CultureInfo.InvariantCulture));
        Assert.InRange(expiresAt, before.AddSeconds(seconds - 2), after.AddSeconds(seconds + 2));
        Assert.NotNull(query["X-Amz-Signature"]);
    }

    [Fact]
    public async Task GetDownloadUrl_AfterItExpires_IsRefused()
    {
        using var store = new S3ObjectStore(s3.Options(presignExpiry: TimeSpan.FromSeconds(1)), TimeProvider.System);
        var key = StoredBytes.NewKey();
        await store.PutAsync(key, [1, 2, 3], ContentTypes.Binary, Ct);
        var url = (await store.GetDownloadUrlAsync(key, Ct))!;

        await Task.Delay(TimeSpan.FromSeconds(2.5), Ct);
        using var http = new HttpClient();
        var response = await http.GetAsync(url, Ct);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("expired", await response.Content.ReadAsStringAsync(Ct), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Get_BucketMissing_ThrowsUnavailableRatherThanNotFound()
    {
        using var store = new S3ObjectStore(s3.Options(bucket: "no-such-bucket"), TimeProvider.System);

        var error = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.GetAsync(StoredBytes.NewKey(), Ct));

        Assert.Contains("404", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EveryCall_EndpointNotListening_ThrowsUnavailableWithoutTheSecret()
    {
        const string secret = "do-not-print-this-secret";
        using var store = new S3ObjectStore(new S3StorageOptions
        {
            ServiceUrl = S3rverFixture.UnreachableServiceUrl(), Bucket = "offline", AccessKey = "offline-key", SecretKey = secret,
        }, TimeProvider.System);
        var key = StoredBytes.NewKey();

        var errors = new[]
        {
            await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.PutAsync(key, [1], ContentTypes.Binary, Ct)),
            await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.GetAsync(key, Ct)),
            await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.ExistsAsync(key, Ct)),
            await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.DeleteAsync(key, Ct)),
        };

        Assert.All(errors, e => Assert.DoesNotContain(secret, e.ToString(), StringComparison.Ordinal));
    }

    // s3rver checks the access key but not SigV4 signatures, so a wrong secret cannot be tested here; an unknown key can.
    [Fact]
    public async Task Put_UnknownAccessKey_ThrowsUnavailableNamingTheRefusal()
    {
        using var store = new S3ObjectStore(new S3StorageOptions
        {
            ServiceUrl = s3.ServiceUrl.ToString(), Bucket = S3rverFixture.Bucket, AccessKey = "UNKNOWN", SecretKey = "some-secret",
        }, TimeProvider.System);

        var error = await Assert.ThrowsAsync<ObjectStoreUnavailableException>(() => store.PutAsync(StoredBytes.NewKey(), [1], ContentTypes.Binary, Ct));

        Assert.Contains("403 InvalidAccessKeyId", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("some-secret", error.ToString(), StringComparison.Ordinal);
    }
}

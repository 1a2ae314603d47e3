using RpaWorkbench.Core.Storage;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Storage;

/// <summary>
/// One contract, both stores: the local folder and S3 (a real s3rver on 127.0.0.1), each resolved from the Core's
/// registrations as the app resolves it. Bytes read back are compared, not just the calls' success.
/// </summary>
[Collection(S3Collection.Name)]
public sealed class ObjectStoreContractTests(S3rverFixture s3)
{
    public const string Local = "local";
    public const string S3 = "s3";

    public static TheoryData<string> Stores => [Local, S3];

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory, MemberData(nameof(Stores))]
    public async Task PutThenGet_Text_ReturnsSameBytesContentTypeAndLength(string store)
    {
        await using var host = Host(store);
        var objects = host.Get<IObjectStore>();
        var bytes = "{\"shop\": \"云仓\", \"retries\": 3}\n"u8.ToArray();
        var key = StoredBytes.NewKey(".json");

        await objects.PutAsync(key, bytes, "application/json; charset=utf-8", Ct);
        var stored = (await objects.GetAsync(key, Ct))!;

        Assert.Equal("application/json; charset=utf-8", stored.ContentType);
        Assert.Equal(bytes.Length, stored.Length);
        Assert.Equal(bytes, await StoredBytes.ReadAllAsync(stored, Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task PutThenGet_EveryByteValue_ReturnsSameBytes(string store)
    {
        await using var host = Host(store);
        var objects = host.Get<IObjectStore>();
        var bytes = StoredBytes.EveryByteValue();
        var key = StoredBytes.NewKey(".xlsx");

        await objects.PutAsync(key, bytes, ContentTypes.ForExtension(".xlsx"), Ct);

        Assert.Equal(bytes, await StoredBytes.ReadAllAsync((await objects.GetAsync(key, Ct))!, Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task PutThenGet_MoreThanFiveMebibytes_ReturnsSameBytes(string store)
    {
        await using var host = Host(store);
        var objects = host.Get<IObjectStore>();
        var bytes = StoredBytes.Random((6 * 1024 * 1024) + 123);
        var key = StoredBytes.NewKey(".zip");

        await objects.PutAsync(key, bytes, "application/zip", Ct);
        var stored = (await objects.GetAsync(key, Ct))!;

        Assert.Equal(bytes.Length, stored.Length);
        Assert.Equal(bytes, await StoredBytes.ReadAllAsync(stored, Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Put_FromStreamThatCannotSeek_ReturnsSameBytes(string store)
    {
        await using var host = Host(store);
        var objects = host.Get<IObjectStore>();
        var bytes = StoredBytes.Random(300_000);
        var key = StoredBytes.NewKey();

        await using (var body = new NonSeekableStream(bytes))
        {
            await objects.PutAsync(key, body, ContentTypes.Binary, bytes.Length, Ct);
        }

        Assert.Equal(bytes, await StoredBytes.ReadAllAsync((await objects.GetAsync(key, Ct))!, Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task PutThenGet_EmptyObject_ReturnsNoBytes(string store)
    {
        await using var host = Host(store);
        var objects = host.Get<IObjectStore>();
        var key = StoredBytes.NewKey(".txt");

        await objects.PutAsync(key, [], "text/plain", Ct);
        var stored = (await objects.GetAsync(key, Ct))!;

        Assert.Equal(0, stored.Length);
        Assert.Empty(await StoredBytes.ReadAllAsync(stored, Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Put_SameKeyAgain_ReplacesBytesAndContentType(string store)
    {
        await using var host = Host(store);
        var objects = host.Get<IObjectStore>();
        var key = StoredBytes.NewKey(".txt");
        await objects.PutAsync(key, "first version, longer than the second"u8.ToArray(), "text/plain", Ct);

        await objects.PutAsync(key, "second"u8.ToArray(), "text/csv", Ct);
        var stored = (await objects.GetAsync(key, Ct))!;

        Assert.Equal("text/csv", stored.ContentType);
        Assert.Equal("second"u8.ToArray(), await StoredBytes.ReadAllAsync(stored, Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Put_StreamShorterThanDeclared_ThrowsAndStoresNothing(string store)
    {
        await using var host = Host(store);
        var objects = host.Get<IObjectStore>();
        var key = StoredBytes.NewKey();

        await Assert.ThrowsAsync<InvalidDataException>(() => objects.PutAsync(key, new NonSeekableStream(new byte[10]), ContentTypes.Binary, 11, Ct));
        await Assert.ThrowsAsync<InvalidDataException>(() => objects.PutAsync(key, new MemoryStream(new byte[10]), ContentTypes.Binary, 11, Ct));

        Assert.False(await objects.ExistsAsync(key, Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Put_StreamLongerThanDeclared_ThrowsAndKeepsThePreviousObject(string store)
    {
        await using var host = Host(store);
        var objects = host.Get<IObjectStore>();
        var key = StoredBytes.NewKey();
        await objects.PutAsync(key, [1, 2, 3], ContentTypes.Binary, Ct);

        await Assert.ThrowsAsync<InvalidDataException>(() => objects.PutAsync(key, new NonSeekableStream(new byte[10]), ContentTypes.Binary, 9, Ct));
        await Assert.ThrowsAsync<InvalidDataException>(() => objects.PutAsync(key, new MemoryStream(new byte[10]), ContentTypes.Binary, 9, Ct));

        Assert.Equal([1, 2, 3], await StoredBytes.ReadAllAsync((await objects.GetAsync(key, Ct))!, Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Put_MalformedContentType_ThrowsAndStoresNothing(string store)
    {
        await using var host = Host(store);
        var objects = host.Get<IObjectStore>();
        var key = StoredBytes.NewKey();

        foreach (var contentType in new[] { "", "not a type", "text/plain\r\nX-Injected: 1" })
        {
            await Assert.ThrowsAsync<ArgumentException>(() => objects.PutAsync(key, [1], contentType, Ct));
        }

        Assert.False(await objects.ExistsAsync(key, Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Get_NothingStored_ReturnsNull(string store)
    {
        await using var host = Host(store);

        Assert.Null(await host.Get<IObjectStore>().GetAsync(StoredBytes.NewKey(), Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task ExistsAndDelete_FollowTheObjectsLife(string store)
    {
        await using var host = Host(store);
        var objects = host.Get<IObjectStore>();
        var key = StoredBytes.NewKey(".csv");
        var neighbour = StoredBytes.NewKey(".csv");
        await objects.PutAsync(neighbour, [9], "text/csv", Ct);

        Assert.False(await objects.ExistsAsync(key, Ct));
        await objects.PutAsync(key, [1], "text/csv", Ct);
        Assert.True(await objects.ExistsAsync(key, Ct));
        await objects.DeleteAsync(key, Ct);

        Assert.False(await objects.ExistsAsync(key, Ct));
        Assert.Null(await objects.GetAsync(key, Ct));
        Assert.True(await objects.ExistsAsync(neighbour, Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Delete_NothingStored_IsNotAnErrorAndTouchesNothingElse(string store)
    {
        await using var host = Host(store);
        var objects = host.Get<IObjectStore>();
        var folder = $"never/{Guid.NewGuid():N}";
        await objects.PutAsync($"{folder}/kept.json", [7], "application/json", Ct);

        await objects.DeleteAsync($"{folder}/stored.json", Ct);

        Assert.False(await objects.ExistsAsync($"{folder}/stored.json", Ct));
        Assert.Equal([7], await StoredBytes.ReadAllAsync((await objects.GetAsync($"{folder}/kept.json", Ct))!, Ct));
    }

    [Theory, MemberData(nameof(Stores))]
    public async Task Put_KeysSharingAFolder_AreIndependent(string store)
    {
        await using var host = Host(store);
        var objects = host.Get<IObjectStore>();
        var folder = $"tests/{Guid.NewGuid():N}";

        await objects.PutAsync($"{folder}/a.json", [1], "application/json", Ct);
        await objects.PutAsync($"{folder}/a.json.bak", [2], "application/json", Ct);
        await objects.PutAsync($"{folder}/deeper/a.json", [3], "application/json", Ct);

        Assert.Equal([1], await StoredBytes.ReadAllAsync((await objects.GetAsync($"{folder}/a.json", Ct))!, Ct));
        Assert.Equal([2], await StoredBytes.ReadAllAsync((await objects.GetAsync($"{folder}/a.json.bak", Ct))!, Ct));
        Assert.Equal([3], await StoredBytes.ReadAllAsync((await objects.GetAsync($"{folder}/deeper/a.json", Ct))!, Ct));
    }

    private CoreTestHost Host(string store) => new(store == S3 ? s3.Settings() : null);
}

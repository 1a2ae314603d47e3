using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.ResourceProxy;

/// <summary>One Workbench with the test proxy set-up and one local storage server, shared by a test class.</summary>
public sealed class ResourceProxyFixture : IAsyncLifetime
{
    public ResourceProxyAppFactory App { get; } = ResourceProxyAppFactory.Create();

    private readonly Lazy<Task<HttpClient>> _operator;

    public ResourceProxyFixture() => _operator = new(() => App.SignedInAsync());

    public LocalResourceServer Storage { get; private set; } = null!;

    /// <summary>A browser signed in as the bootstrap admin, signed in once for the class.</summary>
    public Task<HttpClient> SignedInAsync() => _operator.Value;

    public async ValueTask InitializeAsync() => Storage = await LocalResourceServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Storage.DisposeAsync();
    }
}

using Microsoft.Extensions.Time.Testing;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

public sealed class ShadowBotTokenTests : IAsyncLifetime
{
    private const string TokenPath = "token/v2/token/create";
    private const string QueryPath = "dispatch/v2/job/query";

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
    private ShadowBotTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await ShadowBotTestHost.StartAsync(_clock);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task Calls_WhileTheTokenIsFresh_ShareOneTokenSentAsBearer()
    {
        var started = await _host.StartJobAsync();
        await _host.Client.QueryJobAsync(started.JobUuid, Ct);
        await _host.Client.StopJobAsync(started.JobUuid, Ct);

        var token = Assert.Single(_host.Fake.RequestsTo(TokenPath));
        Assert.Equal("GET", token.Method);
        Assert.Equal($"?accessKeyId={FakeShadowBot.AccessKeyId}&accessKeySecret={FakeShadowBot.AccessKeySecret}", token.Query);
        var bearers = _host.Fake.Requests.Where(r => r.Path != "/oapi/" + TokenPath).Select(r => r.Authorization).Distinct().ToList();
        Assert.StartsWith("Bearer ", Assert.Single(bearers));
    }

    [Fact]
    public async Task Token_IsKeptUntil300SecondsBeforeItExpires_ThenFetchedAgain()
    {
        var started = await _host.StartJobAsync();

        // The fake issues tokens valid for 7199 s: 6898 s later the token is still kept, at 6900 s it is replaced.
        _clock.Advance(TimeSpan.FromSeconds(6898));
        await _host.Client.QueryJobAsync(started.JobUuid, Ct);
        Assert.Single(_host.Fake.RequestsTo(TokenPath));

        _clock.Advance(TimeSpan.FromSeconds(2));
        await _host.Client.QueryJobAsync(started.JobUuid, Ct);
        Assert.Equal(2, _host.Fake.RequestsTo(TokenPath).Count);
    }

    [Fact]
    public async Task TwentyConcurrentCalls_WithoutAToken_FetchExactlyOne()
    {
        var first = await _host.Client.ListClientsAsync(new ShadowBotClientQuery(), Ct);
        Assert.Single(first.Items);
        _clock.Advance(TimeSpan.FromHours(2));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => _host.Client.ListClientsAsync(new ShadowBotClientQuery(), Ct)));

        Assert.Equal(2, _host.Fake.RequestsTo(TokenPath).Count);
        Assert.Equal(21, _host.Fake.RequestsTo("dispatch/v2/client/list").Count);
    }

    [Fact]
    public async Task Unauthorized_WithACachedToken_FetchesANewTokenOnceAndRetries()
    {
        var started = await _host.StartJobAsync();
        _host.Fake.RevokeTokens();

        var job = await _host.Client.QueryJobAsync(started.JobUuid, Ct);

        Assert.Equal("running", job.Status);
        Assert.Equal(2, _host.Fake.RequestsTo(TokenPath).Count);
        var queries = _host.Fake.RequestsTo(QueryPath);
        Assert.Equal(2, queries.Count);
        Assert.NotEqual(queries[0].Authorization, queries[1].Authorization);
    }

    [Fact]
    public async Task Unauthorized_AgainWithTheNewToken_ThrowsWithoutRetryingFurther()
    {
        var started = await _host.StartJobAsync();
        _host.Fake.Fail(QueryPath, 401, "unauthorized", times: 2);

        var error = await Assert.ThrowsAsync<ShadowBotException>(() => _host.Client.QueryJobAsync(started.JobUuid, Ct));

        Assert.Equal(ShadowBotErrorKind.Unauthorized, error.Kind);
        Assert.Equal(401, error.Code);
        Assert.Contains("Workbench:ShadowBot:AccessKeyId", error.Message);
        Assert.Equal(2, _host.Fake.RequestsTo(QueryPath).Count);
        Assert.Equal(2, _host.Fake.RequestsTo(TokenPath).Count);
    }
}

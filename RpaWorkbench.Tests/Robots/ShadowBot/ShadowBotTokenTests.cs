using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

public sealed class ShadowBotTokenTests : ShadowBotTestBase
{
    private const string TokenPath = "token/v2/token/create";
    private const string QueryPath = "dispatch/v2/job/query";

    [Fact]
    public async Task Calls_WhileTheTokenIsFresh_ShareOneTokenSentAsBearer()
    {
        var started = await Host.StartJobAsync();
        await Host.Client.QueryJobAsync(started.JobUuid, Ct);
        await Host.Client.StopJobAsync(started.JobUuid, Ct);

        var token = Assert.Single(Host.Fake.RequestsTo(TokenPath));
        Assert.Equal("GET", token.Method);
        Assert.Equal($"?accessKeyId={FakeShadowBot.AccessKeyId}&accessKeySecret={FakeShadowBot.AccessKeySecret}", token.Query);
        var bearers = Host.Fake.Requests.Where(r => r.Path != "/oapi/" + TokenPath).Select(r => r.Authorization).Distinct().ToList();
        Assert.StartsWith("Bearer ", Assert.Single(bearers));
    }

    [Fact]
    public async Task Token_IsKeptUntil300SecondsBeforeItExpires_ThenFetchedAgain()
    {
        var started = await Host.StartJobAsync();

        // The fake issues tokens valid for 7199 s: 6898 s later the token is still kept, at 6900 s it is replaced.
        Clock.Advance(TimeSpan.FromSeconds(6898));
        await Host.Client.QueryJobAsync(started.JobUuid, Ct);
        Assert.Single(Host.Fake.RequestsTo(TokenPath));

        Clock.Advance(TimeSpan.FromSeconds(2));
        await Host.Client.QueryJobAsync(started.JobUuid, Ct);
        Assert.Equal(2, Host.Fake.RequestsTo(TokenPath).Count);
    }

    [Fact]
    public async Task TwentyConcurrentCalls_WithoutAToken_FetchExactlyOne()
    {
        var first = await Host.Client.ListClientsAsync(new ShadowBotClientQuery(), Ct);
        Assert.Single(first.Items);
        Clock.Advance(TimeSpan.FromHours(2));

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Host.Client.ListClientsAsync(new ShadowBotClientQuery(), Ct)));

        Assert.Equal(2, Host.Fake.RequestsTo(TokenPath).Count);
        Assert.Equal(21, Host.Fake.RequestsTo("dispatch/v2/client/list").Count);
    }

    [Fact]
    public async Task Unauthorized_WithACachedToken_FetchesANewTokenOnceAndRetries()
    {
        var started = await Host.StartJobAsync();
        Host.Fake.RevokeTokens();

        var job = await Host.Client.QueryJobAsync(started.JobUuid, Ct);

        Assert.Equal("running", job.Status);
        Assert.Equal(2, Host.Fake.RequestsTo(TokenPath).Count);
        var queries = Host.Fake.RequestsTo(QueryPath);
        Assert.Equal(2, queries.Count);
        Assert.NotEqual(queries[0].Authorization, queries[1].Authorization);
    }

    [Fact]
    public async Task Unauthorized_AgainWithTheNewToken_ThrowsWithoutRetryingFurther()
    {
        var started = await Host.StartJobAsync();
        Host.Fake.Fail(QueryPath, 401, "unauthorized", times: 2);

        var error = await Assert.ThrowsAsync<ShadowBotException>(() => Host.Client.QueryJobAsync(started.JobUuid, Ct));

        Assert.Equal(ShadowBotErrorKind.Unauthorized, error.Kind);
        Assert.Equal(401, error.Code);
        Assert.Contains("Workbench:ShadowBot:AccessKeyId", error.Message);
        Assert.Equal(2, Host.Fake.RequestsTo(QueryPath).Count);
        Assert.Equal(2, Host.Fake.RequestsTo(TokenPath).Count);
    }
}

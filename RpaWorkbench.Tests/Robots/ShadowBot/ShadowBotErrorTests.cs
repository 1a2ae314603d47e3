using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

public sealed class ShadowBotErrorTests : ShadowBotTestBase
{
    private const string StartPath = "dispatch/v2/job/start";

    [Theory]
    [InlineData(400, false, ShadowBotErrorKind.BadRequest, "bad request (400")]
    [InlineData(400, true, ShadowBotErrorKind.BadRequest, "bad request (400")]
    [InlineData(500, false, ShadowBotErrorKind.ServerError, "internal error (500)")]
    [InlineData(500, true, ShadowBotErrorKind.ServerError, "internal error (500)")]
    [InlineData(80204002, true, ShadowBotErrorKind.Failed, "code 80204002")]
    public async Task Refusal_IsATypedErrorNamingTheEndpointAndShadowBotsMessage(int code, bool inEnvelopeOnly, ShadowBotErrorKind kind, string meaning)
    {
        Host.Fake.ErrorsInEnvelopeOnly = inEnvelopeOnly;
        Host.Fake.Fail(StartPath, code, "机器人账号不存在");

        var error = await Assert.ThrowsAsync<ShadowBotException>(() => Host.StartJobAsync());

        Assert.Equal(kind, error.Kind);
        Assert.Equal(code, error.Code);
        Assert.Equal(StartPath, error.Endpoint);
        Assert.Contains(meaning, error.Message);
        Assert.Contains("dispatch/v2/job/start", error.Message);
        Assert.Contains("机器人账号不存在", error.Message);
        Assert.NotNull(error.RequestId);
        Assert.Single(Host.Fake.RequestsTo(StartPath));
    }

    [Fact]
    public async Task Refusal_EchoingTheSecretOrToken_NeverShowsThem()
    {
        var started = await Host.StartJobAsync();
        var token = Host.Fake.RequestsTo("dispatch/v2/job/start")[0].Authorization["Bearer ".Length..];
        Host.Fake.Fail("dispatch/v2/job/query", 400, $"bad key {FakeShadowBot.AccessKeySecret} token {token}");

        var error = await Assert.ThrowsAsync<ShadowBotException>(() => Host.Client.QueryJobAsync(started.JobUuid, Ct));

        Assert.Contains("bad key *** token ***", error.Message);
        var logs = string.Join('\n', Host.Logs.Entries.Select(e => e.AllText));
        Assert.Contains("token/v2/token/create", logs);
        Assert.DoesNotContain(FakeShadowBot.AccessKeySecret, logs);
        Assert.DoesNotContain(token, logs);
    }

    [Fact]
    public async Task WrongSecret_IsABadRequestOnTheTokenWithoutTheSecret()
    {
        await using var host = await ShadowBotTestHost.StartAsync(Clock, accessKeySecret: "sk-wrong-5521");

        var error = await Assert.ThrowsAsync<ShadowBotException>(() => host.StartJobAsync());

        Assert.Equal(ShadowBotErrorKind.BadRequest, error.Kind);
        Assert.Equal("token/v2/token/create", error.Endpoint);
        Assert.DoesNotContain("sk-wrong-5521", error.Message);
        Assert.Empty(host.Fake.RequestsTo(StartPath));
    }

    [Fact]
    public async Task MissingKeyPair_IsNotConfiguredAndSendsNothing()
    {
        await using var host = await ShadowBotTestHost.StartAsync(Clock, accessKeySecret: null);

        var error = await Assert.ThrowsAsync<ShadowBotException>(() => host.StartJobAsync());

        Assert.Equal(ShadowBotErrorKind.NotConfigured, error.Kind);
        Assert.Contains("Workbench:ShadowBot:AccessKeyId", error.Message);
        Assert.Empty(host.Fake.Requests);
    }

    [Fact]
    public async Task RateLimited_OnEveryTry_GivesUpAfterThreeRetries()
    {
        Host.Fake.Fail(StartPath, 429, "RequestLimitExceeded", times: 4, retryAfterSeconds: 0);

        var error = await Assert.ThrowsAsync<ShadowBotException>(() => Host.StartJobAsync("run-0429"));

        Assert.Equal(ShadowBotErrorKind.RateLimited, error.Kind);
        Assert.Equal(429, error.Code);
        Assert.Contains("RequestLimitExceeded", error.Message);
        Assert.Equal(4, Host.Fake.RequestsTo(StartPath).Count);
        Assert.Equal(0, Host.Fake.Dispatch.JobCount);
    }

    [Fact]
    public async Task RateLimited_Once_WaitsRetryAfterAndStartsWithTheSameIdempotentUuid()
    {
        await using var host = await ShadowBotTestHost.StartAsync(TimeProvider.System);
        host.Fake.Fail(StartPath, 429, "RequestLimitExceeded", retryAfterSeconds: 1);

        var started = await host.StartJobAsync();

        Assert.False(started.IdempotentFlag);
        var attempts = host.Fake.RequestsTo(StartPath);
        Assert.Equal(2, attempts.Count);
        Assert.Equal(attempts[0].Body, attempts[1].Body);
        Assert.True(attempts[1].ReceivedAt - attempts[0].ReceivedAt >= TimeSpan.FromMilliseconds(950),
            $"retried after {(attempts[1].ReceivedAt - attempts[0].ReceivedAt).TotalMilliseconds} ms");
        Assert.Equal(1, host.Fake.Dispatch.JobCount);
    }
}

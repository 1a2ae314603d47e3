using System.Net;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Robots;

public sealed class HttpRobotAgentTests : IAsyncLifetime
{
    private static readonly RobotStartRequest Start = new("run-7f3a", 42, "日报汇总", "财务日报", "tygj00001",
        JsonDocument.Parse("""{"region":"华东","days":3}""").RootElement, new Uri("http://127.0.0.1:1/objects/config/42/a.json"));

    private RecordingRobotAgent _agent = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _agent = await RecordingRobotAgent.StartAsync();

    public ValueTask DisposeAsync() => _agent.DisposeAsync();

    [Fact]
    public async Task Start_Direct_PostsTheRunToTheRobotsHostAndPort()
    {
        var result = await Client().StartAsync(Robot(), Start, Ct);

        Assert.Equal(RobotAgentOutcome.Accepted, result.Outcome);
        var request = Assert.Single(_agent.Requests);
        Assert.Equal("/start", request.Path);
        Assert.Equal("run-7f3a", request.IdempotencyKey);
        using var body = JsonDocument.Parse(request.Body);
        Assert.Equal("run-7f3a", body.RootElement.GetProperty("run_id").GetString());
        Assert.Equal(42, body.RootElement.GetProperty("task_id").GetInt64());
        Assert.Equal("财务日报", body.RootElement.GetProperty("app_name").GetString());
        Assert.Equal("tygj00001", body.RootElement.GetProperty("shadow_bot_account").GetString());
        Assert.Equal("华东", body.RootElement.GetProperty("config_json").GetProperty("region").GetString());
        Assert.Equal("http://127.0.0.1:1/objects/config/42/a.json", body.RootElement.GetProperty("config_file_url").GetString());
    }

    [Fact]
    public async Task Stop_Tunnel_PostsUnderTheTunnelWithTheTaskControlAsPath()
    {
        var client = Client(new() { ["Workbench:Robots:Mode"] = "Tunnel", ["Workbench:Robots:TunnelBaseUrl"] = $"{_agent.BaseAddress}yingdao" });

        var result = await client.StopAsync(Robot(host: "10.0.0.8", port: 8080), new RobotStopRequest("run-1", 42, "财务日报", "tygj00001"), Ct);

        Assert.True(result.IsAccepted);
        Assert.Equal("/yingdao/tygj00001-10.0.0.8:8080/stop", Assert.Single(_agent.Requests).Path);
    }

    [Fact]
    public async Task Start_ServerErrorsThenSuccess_RetriesWithTheSameRunId()
    {
        _agent.Then(HttpStatusCode.InternalServerError);
        _agent.Then(HttpStatusCode.BadGateway);

        var result = await Client().StartAsync(Robot(), Start, Ct);

        Assert.True(result.IsAccepted);
        Assert.Equal(3, _agent.Requests.Count);
        Assert.All(_agent.Requests, r => Assert.Equal("run-7f3a", r.IdempotencyKey));
    }

    [Fact]
    public async Task Start_ServerErrorOnEveryAttempt_IsUnreachableAfterBoundedRetries()
    {
        for (var i = 0; i < 5; i++)
        {
            _agent.Then(HttpStatusCode.ServiceUnavailable, """{"detail":"agent restarting"}""");
        }

        var result = await Client().StartAsync(Robot(), Start, Ct);

        Assert.Equal(RobotAgentOutcome.Unreachable, result.Outcome);
        Assert.Contains("agent restarting", result.Message, StringComparison.Ordinal);
        Assert.Equal(3, _agent.Requests.Count);
    }

    [Fact]
    public async Task Start_NoAnswerInTime_RetriesThenReportsTheTimeout()
    {
        for (var i = 0; i < 3; i++)
        {
            _agent.ThenNoAnswer();
        }

        var result = await Client(new() { ["Workbench:Robots:AttemptTimeout"] = "00:00:01" }).StartAsync(Robot(), Start, Ct);

        Assert.Equal(RobotAgentOutcome.Unreachable, result.Outcome);
        Assert.Contains("no answer in time", result.Message, StringComparison.Ordinal);
        Assert.Equal(3, _agent.Requests.Count);
    }

    [Fact]
    public async Task Start_RobotBusy_IsBusyWithTheAgentsMessageAndNotRetried()
    {
        _agent.Then(HttpStatusCode.Conflict, """{"message":"running 月结对账"}""");

        var result = await Client().StartAsync(Robot(), Start, Ct);

        Assert.Equal(new RobotAgentResult(RobotAgentOutcome.Busy, "running 月结对账"), result);
        Assert.Single(_agent.Requests);
    }

    [Fact]
    public async Task Start_ClientError_IsRefusedAndNotRetried()
    {
        _agent.Then(HttpStatusCode.BadRequest, "unknown app");

        var result = await Client().StartAsync(Robot(), Start, Ct);

        Assert.Equal(RobotAgentOutcome.Refused, result.Outcome);
        Assert.Equal("The robot refused the request (400): unknown app", result.Message);
        Assert.Single(_agent.Requests);
    }

    [Fact]
    public async Task Start_NothingListening_IsUnreachable()
    {
        var closedPort = _agent.Port;
        await _agent.DisposeAsync();

        var result = await Client().StartAsync(Robot(port: closedPort), Start, Ct);

        Assert.Equal(RobotAgentOutcome.Unreachable, result.Outcome);
        Assert.Contains($"127.0.0.1:{closedPort}", result.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_AccountWithoutAddress_IsUnreachableWithoutARequest()
    {
        var result = await Client().StartAsync(new RobotEndpoint("", 0, "tygj00001-:0"), Start, Ct);

        Assert.Equal(new RobotAgentResult(RobotAgentOutcome.Unreachable, "The account has no host and port; edit it first."), result);
        Assert.Empty(_agent.Requests);
    }

    private RobotEndpoint Robot(string host = "127.0.0.1", int? port = null) =>
        new(host, port ?? _agent.Port, $"tygj00001-{host}:{port ?? 8080}");

    // The real client and pipeline, with short retry delays so the failure cases take seconds, not minutes. Attempts
    // may take 3 s: on a loaded 2-core machine a first loopback request can take longer than 300 ms.
    private static IRobotAgent Client(Dictionary<string, string?>? settings = null)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Workbench:Robots:AttemptTimeout"] = "00:00:03",
                ["Workbench:Robots:RetryDelay"] = "00:00:00.010",
                ["Workbench:Robots:MaxRetries"] = "2",
            })
            .AddInMemoryCollection(settings ?? [])
            .Build();
        var services = new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration);
        services.AddRobotAgent();
        return services.BuildServiceProvider().GetRequiredService<IRobotAgent>();
    }
}

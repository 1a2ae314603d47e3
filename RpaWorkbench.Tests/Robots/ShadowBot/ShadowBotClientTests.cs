using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

public sealed class ShadowBotClientTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 6, 8, 0, 0, TimeSpan.Zero));
    private ShadowBotTestHost _host = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => _host = await ShadowBotTestHost.StartAsync(_clock);

    public ValueTask DisposeAsync() => _host.DisposeAsync();

    [Fact]
    public async Task StartJob_SendsTheDocumentedFields_AndReturnsTheJobUuid()
    {
        var start = new ShadowBotJobStart("app-7c1e")
        {
            RobotClientGroupUuid = "group-9d2",
            ExecuteScope = ShadowBotExecuteScope.Any,
            Priority = ShadowBotPriority.High,
            WaitTimeoutSeconds = 600,
            RunTimeout = 3600,
            Params = [new("region", "华东", "str"), new("days", "3", "int")],
            IdempotentUuid = "run-0001",
        };

        var started = await _host.Client.StartJobAsync(start, Ct);

        var body = JsonDocument.Parse(Assert.Single(_host.Fake.RequestsTo("dispatch/v2/job/start")).Body).RootElement;
        Assert.Equal("app-7c1e", body.GetProperty("robotUuid").GetString());
        Assert.Equal("group-9d2", body.GetProperty("robotClientGroupUuid").GetString());
        Assert.Equal("any", body.GetProperty("executeScope").GetString());
        Assert.Equal("high", body.GetProperty("priority").GetString());
        Assert.Equal(600, body.GetProperty("waitTimeoutSeconds").GetInt32());
        Assert.Equal(3600, body.GetProperty("runTimeout").GetInt32());
        Assert.Equal([("region", "华东", "str"), ("days", "3", "int")], body.GetProperty("params").EnumerateArray()
            .Select(p => (p.GetProperty("name").GetString(), p.GetProperty("value").GetString(), p.GetProperty("type").GetString())));
        Assert.Equal("run-0001", body.GetProperty("idempotentUuid").GetString());
        Assert.False(body.TryGetProperty("accountName", out _));
        Assert.False(started.IdempotentFlag);
        Assert.Equal("run-0001", started.IdempotentUuid);
    }

    [Fact]
    public async Task StartJob_RepeatedIdempotentUuid_ReturnsTheSameJobWithIdempotentFlag()
    {
        var first = await _host.StartJobAsync("run-0002");
        var again = await _host.StartJobAsync("run-0002");

        Assert.False(first.IdempotentFlag);
        Assert.True(again.IdempotentFlag);
        Assert.Equal(first.JobUuid, again.JobUuid);
        Assert.Equal(1, _host.Fake.Dispatch.JobCount);
    }

    [Fact]
    public async Task StartJob_WithoutIdempotentUuid_SendsOneOfAtMost36Characters()
    {
        var started = await _host.StartJobAsync();

        var sent = JsonDocument.Parse(Assert.Single(_host.Fake.RequestsTo("dispatch/v2/job/start")).Body).RootElement.GetProperty("idempotentUuid").GetString();
        Assert.Equal(started.IdempotentUuid, sent);
        Assert.InRange(sent!.Length, 1, 36);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(0)]
    public async Task Calls_EnvelopeCode200Or0WithSuccessTrue_AreSuccessful(int code)
    {
        _host.Fake.SuccessCode = code;

        var started = await _host.StartJobAsync();
        var job = await _host.Client.QueryJobAsync(started.JobUuid, Ct);
        var clients = await _host.Client.ListClientsAsync(new ShadowBotClientQuery(Page: 1, Size: 10), Ct);

        Assert.Equal("running", job.Status);
        var client = Assert.Single(clients.Items);
        Assert.Equal("robot1@fake", client.RobotClientName);
        Assert.Equal("running", client.Status);
        Assert.Equal((1, 10, 1, 1), (clients.Page, clients.Size, clients.Total, clients.Pages));
    }

    [Fact]
    public async Task Jobs_WhileTheRobotIsBusy_WaitAndRunWhenItIsIdle()
    {
        var first = await _host.StartJobAsync();
        var second = await _host.StartJobAsync();
        Assert.Equal("waiting", (await _host.Client.QueryJobAsync(second.JobUuid, Ct)).Status);

        _host.Fake.Dispatch.EndJob(first.JobUuid, "finish");

        var ended = await _host.Client.QueryJobAsync(first.JobUuid, Ct);
        Assert.True(ended.IsTerminal);
        var next = await _host.Client.QueryJobAsync(second.JobUuid, Ct);
        Assert.Equal("running", next.Status);
        Assert.False(next.IsTerminal);
    }

    [Fact]
    public async Task StopThenRetry_MoveTheJobThroughStoppedBackToRunning()
    {
        var started = await _host.StartJobAsync();

        await _host.Client.StopJobAsync(started.JobUuid, Ct);
        Assert.Equal("stopped", (await _host.Client.QueryJobAsync(started.JobUuid, Ct)).Status);
        await _host.Client.RetryJobAsync(started.JobUuid, Ct);

        Assert.Equal("running", (await _host.Client.QueryJobAsync(started.JobUuid, Ct)).Status);
        Assert.Equal("""{"jobUuid":"%"}""".Replace("%", started.JobUuid), Assert.Single(_host.Fake.RequestsTo("dispatch/v2/job/retry")).Body);
    }

    [Fact]
    public async Task ListClientGroups_ReturnsTheGroups()
    {
        _host.Fake.Dispatch.Groups.Add(("group-9d2", "财务组"));

        var groups = await _host.Client.ListClientGroupsAsync(1, 20, Ct);

        Assert.Equal(new ShadowBotClientGroup("group-9d2", "财务组"), Assert.Single(groups.Items));
    }

    [Fact]
    public async Task UploadFile_SendsMultipartFieldFile_AndReturnsTheFileKey()
    {
        var content = Encoding.UTF8.GetBytes("订单号,金额\n1001,12.50\n");

        var fileKey = await _host.Client.UploadFileAsync(new MemoryStream(content), "orders.csv", Ct);

        Assert.StartsWith("fk-", fileKey);
        var stored = _host.Fake.Dispatch.Files[fileKey];
        Assert.Equal("orders.csv", stored.Name);
        Assert.Equal(content, stored.Content);
        Assert.StartsWith("multipart/form-data", Assert.Single(_host.Fake.RequestsTo("dispatch/v2/file/upload")).ContentType);
    }
}

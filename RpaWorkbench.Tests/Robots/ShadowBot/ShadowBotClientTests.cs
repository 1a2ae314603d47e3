using System.Text;
using System.Text.Json;
using RpaWorkbench.Core.Robots.ShadowBot;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Robots.ShadowBot;

public sealed class ShadowBotClientTests : ShadowBotTestBase
{
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

        var started = await Host.Client.StartJobAsync(start, Ct);

        var body = JsonDocument.Parse(Assert.Single(Host.Fake.RequestsTo("dispatch/v2/job/start")).Body).RootElement;
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
        var first = await Host.StartJobAsync("run-0002");
        var again = await Host.StartJobAsync("run-0002");

        Assert.False(first.IdempotentFlag);
        Assert.True(again.IdempotentFlag);
        Assert.Equal(first.JobUuid, again.JobUuid);
        Assert.Equal(1, Host.Fake.Dispatch.JobCount);
    }

    [Fact]
    public async Task StartJob_WithoutIdempotentUuid_SendsOneOfAtMost36Characters()
    {
        var started = await Host.StartJobAsync();

        var sent = JsonDocument.Parse(Assert.Single(Host.Fake.RequestsTo("dispatch/v2/job/start")).Body).RootElement.GetProperty("idempotentUuid").GetString();
        Assert.Equal(started.IdempotentUuid, sent);
        Assert.InRange(sent!.Length, 1, 36);
    }

    [Theory]
    [InlineData(200)]
    [InlineData(0)]
    public async Task Calls_EnvelopeCode200Or0WithSuccessTrue_AreSuccessful(int code)
    {
        Host.Fake.SuccessCode = code;

        var started = await Host.StartJobAsync();
        var job = await Host.Client.QueryJobAsync(started.JobUuid, Ct);
        var clients = await Host.Client.ListClientsAsync(new ShadowBotClientQuery(Page: 1, Size: 10), Ct);

        Assert.Equal("running", job.Status);
        var client = Assert.Single(clients.Items);
        Assert.Equal("robot1@fake", client.RobotClientName);
        Assert.Equal("running", client.Status);
        Assert.Equal((1, 10, 1, 1), (clients.Page, clients.Size, clients.Total, clients.Pages));
    }

    [Fact]
    public async Task Jobs_WhileTheRobotIsBusy_WaitAndRunWhenItIsIdle()
    {
        var first = await Host.StartJobAsync();
        var second = await Host.StartJobAsync();
        Assert.Equal("waiting", (await Host.Client.QueryJobAsync(second.JobUuid, Ct)).Status);

        Host.Fake.Dispatch.EndJob(first.JobUuid, "finish");

        var ended = await Host.Client.QueryJobAsync(first.JobUuid, Ct);
        Assert.True(ended.IsTerminal);
        var next = await Host.Client.QueryJobAsync(second.JobUuid, Ct);
        Assert.Equal("running", next.Status);
        Assert.False(next.IsTerminal);
    }

    [Fact]
    public async Task StopThenRetry_MoveTheJobThroughStoppedBackToRunning()
    {
        var started = await Host.StartJobAsync();

        await Host.Client.StopJobAsync(started.JobUuid, Ct);
        Assert.Equal("stopped", (await Host.Client.QueryJobAsync(started.JobUuid, Ct)).Status);
        await Host.Client.RetryJobAsync(started.JobUuid, Ct);

        Assert.Equal("running", (await Host.Client.QueryJobAsync(started.JobUuid, Ct)).Status);
        Assert.Equal("""{"jobUuid":"%"}""".Replace("%", started.JobUuid), Assert.Single(Host.Fake.RequestsTo("dispatch/v2/job/retry")).Body);
    }

    [Fact]
    public async Task ListClientGroups_ReturnsTheGroups()
    {
        Host.Fake.Dispatch.Groups.Add(("group-9d2", "财务组"));

        var groups = await Host.Client.ListClientGroupsAsync(1, 20, Ct);

        Assert.Equal(new ShadowBotClientGroup("group-9d2", "财务组"), Assert.Single(groups.Items));
    }

    [Fact]
    public async Task UploadFile_SendsMultipartFieldFile_AndReturnsTheFileKey()
    {
        var content = Encoding.UTF8.GetBytes("订单号,金额\n1001,12.50\n");

        var fileKey = await Host.Client.UploadFileAsync(new MemoryStream(content), "orders.csv", Ct);

        Assert.StartsWith("fk-", fileKey);
        var stored = Host.Fake.Dispatch.Files[fileKey];
        Assert.Equal("orders.csv", stored.Name);
        Assert.Equal(content, stored.Content);
        Assert.StartsWith("multipart/form-data", Assert.Single(Host.Fake.RequestsTo("dispatch/v2/file/upload")).ContentType);
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Storage;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>
/// A start sends the robot a <c>config_file_url</c> that works: the Workbench on a real port, the robot agent a real
/// loopback listener, and the URL fetched with no key, as a robot's downloader would.
/// </summary>
public sealed class ConfigFileUrlStartTests : IAsyncLifetime
{
    private RecordingRobotAgent _agent = null!;
    private KestrelWorkbenchFactory _app = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _agent = await RecordingRobotAgent.StartAsync();
        _app = new KestrelWorkbenchFactory(new Dictionary<string, string>());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        await _agent.DisposeAsync();
    }

    [Fact]
    public async Task Start_TaskWithConfigFile_TheAgentGetsAUrlThatDownloadsIt()
    {
        using var robot = new HttpClient { BaseAddress = _app.BaseUrl };
        robot.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
        var taskId = await RobotConfigCalls.AddTaskAsync(_app.Services, account: "tygj-start", config: """{"day":"2026-01-27"}""", host: "127.0.0.1", port: _agent.Port);
        var bytes = StoredBytes.EveryByteValue(8);
        Assert.Equal(HttpStatusCode.OK, (await RobotConfigCalls.UploadAsync(robot, RobotConfigCalls.Id(taskId), "params.json", bytes, Ct)).StatusCode);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await WorkbenchAppFactory.AsAdmin<TaskRunService>(scope).StartAsync(taskId, Ct);
        }

        using var sent = JsonDocument.Parse(Assert.Single(_agent.Requests).Body);
        Assert.Equal("2026-01-27", sent.RootElement.GetProperty("config_json").GetProperty("day").GetString());
        var url = new Uri(sent.RootElement.GetProperty("config_file_url").GetString()!);
        Assert.Equal(_app.BaseUrl.Authority, url.Authority);
        using var plain = new HttpClient();
        Assert.Equal(bytes, await plain.GetByteArrayAsync(url, Ct));
    }

    [Fact]
    public async Task Start_TaskWithoutConfigFile_UrlIsNull()
    {
        var taskId = await RobotConfigCalls.AddTaskAsync(_app.Services, account: "tygj-start", host: "127.0.0.1", port: _agent.Port);

        await using (var scope = _app.Services.CreateAsyncScope())
        {
            await WorkbenchAppFactory.AsAdmin<TaskRunService>(scope).StartAsync(taskId, Ct);
        }

        using var sent = JsonDocument.Parse(Assert.Single(_agent.Requests).Body);
        Assert.Equal(JsonValueKind.Null, sent.RootElement.GetProperty("config_file_url").ValueKind);
    }
}

using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Mcp;

/// <summary>
/// The Workbench on a real Kestrel port of 127.0.0.1 and a recording robot agent on another, for MCP clients of the
/// SDK: robots and tasks point at the agent, runs arrive through the real webhook.
/// </summary>
public sealed class McpHost : IAsyncLifetime
{
    public KestrelWorkbenchFactory App { get; } = new(new Dictionary<string, string>());

    public RecordingRobotAgent Agent { get; private set; } = null!;

    public Uri Endpoint => new(App.BaseUrl, "/mcp");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => Agent = await RecordingRobotAgent.StartAsync();

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Agent.DisposeAsync();
    }

    /// <summary>An MCP client connected over Streamable HTTP with a key of this scope (or the given headers only).</summary>
    public async Task<McpClient> ConnectAsync(string scope) =>
        await ConnectWithAsync(new Dictionary<string, string> { ["X-Api-Key"] = await App.KeySecretAsync(scope) });

    public async Task<McpClient> ConnectWithAsync(Dictionary<string, string> headers)
    {
        var transport = new HttpClientTransport(new HttpClientTransportOptions
        {
            Endpoint = Endpoint,
            TransportMode = HttpTransportMode.StreamableHttp,
            AdditionalHeaders = headers,
        });
        return await McpClient.CreateAsync(transport, cancellationToken: Ct);
    }

    /// <summary>A robot account on the recording agent's port with one task of <paramref name="app"/>; their ids.</summary>
    public async Task<(long AccountId, long TaskId)> AddRobotAsync(string robot, string app = "云仓收藏", string taskName = "收藏同步")
    {
        await using var scope = App.Services.CreateAsyncScope();
        var account = await WorkbenchAppFactory.AsAdmin<AccountService>(scope).CreateAsync(new AccountInput(robot, "127.0.0.1", Agent.Port), Ct);
        var task = await WorkbenchAppFactory.AsAdmin<TaskService>(scope).CreateAsync(new TaskInput(taskName, account.Id, app), Ct);
        return (account.Id, task.Id);
    }

    /// <summary>
    /// A run of <paramref name="robot"/> as the robot reports it (the seed's callback: 云仓收藏, 50 items, screenshot and
    /// log), started at <paramref name="start"/> in Asia/Shanghai.
    /// </summary>
    public async Task PostRunAsync(
        string robot, string status = "completed", string? error = null, string start = "2026-01-27 10:00:00", Dictionary<string, object?>? outputs = null)
    {
        using var client = new HttpClient { BaseAddress = App.BaseUrl };
        client.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
        var end = DateTime.ParseExact(start, "yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture).AddMinutes(30);
        var payload = WebhookPayloads.SeedCompletion(robot)
            .With("execution_id", Guid.NewGuid().ToString("N"))
            .With("status", status)
            .With("error_message", error)
            .With("start_time", start)
            .With("end_time", end.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))
            .With("outputs", outputs);
        (await client.PostAsJsonAsync("/api/v1/webhook/execution-complete", payload, Ct)).EnsureSuccessStatusCode();
    }

    /// <summary>Calls a tool and returns its structured result; fails the test when the tool reported an error.</summary>
    public static async Task<JsonElement> CallAsync(McpClient client, string tool, Dictionary<string, object?>? arguments = null)
    {
        var result = await client.CallToolAsync(tool, arguments ?? [], cancellationToken: Ct);
        Assert.True(result.IsError is not true, $"{tool} failed: {Text(result)}");
        return Assert.IsType<JsonElement>(result.StructuredContent);
    }

    /// <summary>Calls a tool that must refuse; returns its message.</summary>
    public static async Task<string> RefusedAsync(McpClient client, string tool, Dictionary<string, object?> arguments)
    {
        var result = await client.CallToolAsync(tool, arguments, cancellationToken: Ct);
        Assert.True(result.IsError, $"{tool} did not refuse: {Text(result)}");
        return Text(result);
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(c => c.Text));
}

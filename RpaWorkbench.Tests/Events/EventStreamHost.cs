using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Events;

/// <summary>A Workbench on a real Kestrel port of 127.0.0.1 for the event stream's tests, with robot-side helpers.</summary>
public sealed class EventStreamHost : IAsyncDisposable
{
    public EventStreamHost() =>
        App = new KestrelWorkbenchFactory(new Dictionary<string, string>(), testServices: s => s.AddSingleton<ILoggerProvider>(Logs));

    public KestrelWorkbenchFactory App { get; }

    /// <summary>Everything the host logged.</summary>
    public CapturingLoggerProvider Logs { get; } = new();

    public Uri BaseUrl => App.BaseUrl;

    public async Task<SseClient> OpenAsync(string path = "/api/v1/events", string? lastEventId = null) =>
        await SseClient.OpenAsync(BaseUrl, path, await App.ViewerKeyAsync(), lastEventId);

    /// <summary>A robot account with one task for the seed payload's app (云仓收藏); returns their ids.</summary>
    public static async Task<(long AccountId, long TaskId)> AddRobotAsync(KestrelWorkbenchFactory app, string robot)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var ct = TestContext.Current.CancellationToken;
        var account = await WorkbenchAppFactory.AsAdmin<AccountService>(scope).CreateAsync(new AccountInput(robot, "127.0.0.1", 9), ct);
        var task = await WorkbenchAppFactory.AsAdmin<TaskService>(scope).CreateAsync(new TaskInput("收藏同步", account.Id, "云仓收藏"), ct);
        return (account.Id, task.Id);
    }

    /// <summary>The seed's execution-complete callback for <paramref name="robot"/>, as a robot sends it.</summary>
    public static async Task PostCompletionAsync(KestrelWorkbenchFactory app, string robot, string? executionId = null)
    {
        using var client = new HttpClient { BaseAddress = app.BaseUrl };
        client.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
        var payload = WebhookPayloads.SeedCompletion(robot).With("execution_id", executionId ?? Guid.NewGuid().ToString("N"));
        (await client.PostAsJsonAsync("/api/v1/webhook/execution-complete", payload, TestContext.Current.CancellationToken)).EnsureSuccessStatusCode();
    }

    public ValueTask DisposeAsync() => App.DisposeAsync();
}

using RpaWorkbench.Tests.Events;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.SeveralInstances;

/// <summary>A script following instance B's event stream hears of a robot's callback that instance A handled (through Redis).</summary>
[Collection(TwoInstancesCollection.Name)]
public sealed class EventStreamAcrossInstancesTests(TwoInstancesFixture instances)
{
    [Fact]
    public async Task Stream_OnB_ReceivesTheEventsOfACallbackHandledByA()
    {
        var robot = WebhookPayloads.NewAccount();
        var (accountId, taskId) = await EventStreamHost.AddRobotAsync(instances.A, robot);
        await using var stream = await SseClient.OpenAsync(instances.B.BaseUrl, $"/api/v1/events?account={robot}", await instances.B.ViewerKeyAsync());
        await stream.NextAsync();

        await EventStreamHost.PostCompletionAsync(instances.A, robot);
        var messages = await stream.UntilAsync(m => m.Event == "log_created");

        Assert.Contains(messages, m => m.Event == "account_updated" && m.Json.GetProperty("account_id").GetInt64() == accountId);
        Assert.Contains(messages, m => m.Event == "task_updated" && m.Json.GetProperty("task_id").GetInt64() == taskId);
        Assert.Equal("completed", messages[^1].Json.GetProperty("status").GetString());
    }
}

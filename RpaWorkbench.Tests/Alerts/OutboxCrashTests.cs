using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Workflows;

namespace RpaWorkbench.Tests.Alerts;

/// <summary>
/// The outbox in a real Workbench process killed with SIGKILL while a DingTalk robot holds its request open, then
/// started again on the same SQLite file: every committed message is delivered — the one cut short once more (at
/// least once), none lost.
/// </summary>
public sealed class OutboxCrashTests : IAsyncLifetime
{
    private readonly TempDirectory _keysFolder = new();
    private readonly TaskCompletionSource _firstReceived = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _release = new();
    private readonly List<WorkbenchProcess> _processes = [];
    private OutboxBed _bed = null!;
    private ChatFakeRobots _chat = null!;
    private int _held;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        // The key ring the processes use (Workbench:DataProtection:KeysDirectory), so they can decrypt what the test stored.
        var keys = DataProtectionProvider.Create(new DirectoryInfo(_keysFolder.Path), b => b.SetApplicationName("RpaWorkbench"));
        _bed = await OutboxBed.StartAsync(keys);
        // The processes run on the real clock; the messages must be due for them at once.
        _bed.Clock.SetUtcNow(DateTimeOffset.UtcNow);
        _chat = await ChatFakeRobots.StartAsync(TimeProvider.System);
        // The first request is held open (the robot never answers it) until the test ends; the rest are answered as DingTalk does.
        _chat.Override = (_, _) =>
        {
            if (Interlocked.Exchange(ref _held, 1) == 0)
            {
                _firstReceived.TrySetResult();
                _release.Wait();
                return Results.StatusCode(StatusCodes.Status504GatewayTimeout);
            }

            return null!;
        };
    }

    public async ValueTask DisposeAsync()
    {
        _release.Set();
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _chat.DisposeAsync();
        await _bed.DisposeAsync();
        _keysFolder.Dispose();
        _release.Dispose();
    }

    [Fact]
    public async Task KilledMidSend_RestartedOnTheSameFile_EveryCommittedMessageDelivered()
    {
        var channel = await _bed.AddChannelAsync("运维群", AlertChannelKind.DingTalk, _chat.DingTalkUrl(), ChatFakeRobots.DingTalkSecret);
        var titles = await _bed.AddAlertsAsync(channel, 3);

        var first = await StartWorkbenchAsync();
        await _firstReceived.Task.WaitAsync(TimeSpan.FromMinutes(3), Ct);
        await first.KillAsync();

        // Killed mid-send: the first message was taken and not answered, the others wait behind it.
        Assert.Equal([AlertNotificationState.Sending, AlertNotificationState.Pending, AlertNotificationState.Pending],
            (await _bed.RowsAsync()).Select(r => r.State));

        await StartWorkbenchAsync();
        await WorkflowCrashBed.WaitUntilAsync(async () => (await _bed.RowsAsync()).All(r => r.State == AlertNotificationState.Delivered), "every message is delivered");

        var rows = await _bed.RowsAsync();
        Assert.Equal([2, 1, 1], rows.Select(r => r.Attempts));
        // What the robot received: each committed message, the one cut short by the kill twice.
        var received = OutboxBed.DingTalkTitles(_chat);
        Assert.Equal(new Dictionary<string, int> { [titles[0]] = 2, [titles[1]] = 1, [titles[2]] = 1 },
            received.GroupBy(t => t).ToDictionary(g => g.Key, g => g.Count()));
    }

    private async Task<WorkbenchProcess> StartWorkbenchAsync()
    {
        var process = await WorkbenchProcess.StartAsync(Path.Combine(_bed.Host.DataDirectory, "workbench.db"),
        [
            $"--Workbench:DataProtection:KeysDirectory={_keysFolder.Path}",
            // The shortest lease the settings allow, so the message cut short is sent again soon after the restart.
            "--Workbench:Alerts:Delivery:SendLease=00:00:20",
            "--Workbench:Alerts:Delivery:PollInterval=00:00:01",
        ], Ct);
        _processes.Add(process);
        return process;
    }
}

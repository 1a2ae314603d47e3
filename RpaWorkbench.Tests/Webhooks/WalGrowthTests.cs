using System.Net;
using System.Net.Http.Json;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// Under a steady stream of callbacks the background checkpoint never catches up with the writer on its own, and
/// SQLite starts the WAL over only once every frame is copied: without the writer's share (WalTail) the WAL file grew
/// by the full amount written, gigabytes a minute at full load.
/// </summary>
public sealed class WalGrowthTests
{
    private const int Senders = 24;
    private static readonly TimeSpan LoadFor = TimeSpan.FromSeconds(6);
    private const long MaxWalBytes = 12 * 1024 * 1024;

    [Fact]
    public async Task SteadyCallbacks_WalStartsOverInsteadOfGrowing()
    {
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string>
        {
            ["Workbench:Bootstrap:WebhookApiKey"] = WebhookAppFactory.Key,
            ["Workbench:Database:CheckpointInterval"] = "00:00:00.050",
        });
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
        var walFile = Path.Combine(app.DataDirectory, "workbench.db-wal");
        var run = 0;
        var stored = 0;
        using var stop = new CancellationTokenSource(LoadFor);

        await Task.WhenAll(Enumerable.Range(0, Senders).Select(async sender =>
        {
            while (!stop.IsCancellationRequested)
            {
                var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(Interlocked.Increment(ref run));
                var payload = WebhookPayloads.SeedCompletion($"wal-bot-{sender % 8}")
                    .With("start_time", start.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture))
                    .With("end_time", start.AddMinutes(30).ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
                var response = await client.PostAsJsonAsync("/api/v1/webhook/execution-complete", payload, TestContext.Current.CancellationToken);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                Interlocked.Increment(ref stored);
            }
        }));

        var walBytes = new FileInfo(walFile).Length;
        Assert.True(walBytes < MaxWalBytes, $"The WAL reached {walBytes:N0} bytes after {stored:N0} callbacks; it should start over, not grow.");
    }
}

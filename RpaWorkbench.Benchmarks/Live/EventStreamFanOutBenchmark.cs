using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Benchmarks.Ingest;

namespace RpaWorkbench.Benchmarks.Live;

/// <summary>
/// <c>-- events</c>: webhook → received by every one of <see cref="Clients"/> event-stream clients (<c>GET /api/v1/events</c>)
/// on loopback. The Workbench runs as for <c>-- live</c>; each of <see cref="Callbacks"/> completions names a new app, and
/// the latency is from just before the POST until a client reads that run's <c>log_created</c> event, for every client.
/// The same run's baseline is the POST alone (the webhook answering after its commit).
/// </summary>
public static class EventStreamFanOutBenchmark
{
    public const string Command = "events";
    private const int Clients = 100;
    private const int Callbacks = 100;
    private static readonly TimeSpan ReceivedWithin = TimeSpan.FromSeconds(10);

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var apiKey = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(17));
        var password = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9));
        await using var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
        await BenchmarkAccountSeeder.SeedAsync(database.Contexts, 20, DateTime.UtcNow, cancellationToken);
        await using var server = await LiveLatencyBenchmark.StartAsync(database, apiKey, password, cancellationToken);

        using var http = new HttpClient { BaseAddress = server.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var sent = new ConcurrentDictionary<string, long>();
        var received = new ConcurrentBag<double>();
        var pending = new ConcurrentDictionary<string, CountdownEvent>();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var readers = new List<Task>();
        for (var i = 0; i < Clients; i++)
        {
            readers.Add(await ConnectAsync(http, line => OnLogCreated(line, sent, received, pending), stop.Token));
        }

        var answered = new List<double>();
        for (var i = 1; i <= Callbacks; i++)
        {
            var app = $"events-{i:D4}";
            using var everyone = new CountdownEvent(Clients);
            pending[app] = everyone;
            sent[app] = Stopwatch.GetTimestamp();
            var response = await http.PostAsJsonAsync(IngestBenchmark.WebhookPath, LiveLatencyBenchmark.Completion(app), cancellationToken);
            answered.Add(Stopwatch.GetElapsedTime(sent[app]).TotalMilliseconds);
            response.EnsureSuccessStatusCode();
            if (!everyone.Wait(ReceivedWithin, cancellationToken))
            {
                throw new TimeoutException($"Only {Clients - everyone.CurrentCount} of {Clients} clients received {app} within {ReceivedWithin.TotalSeconds} s.");
            }

            pending.TryRemove(app, out _);
            // Callbacks a little apart, as robots send them: each measures one event, not a burst.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 150)), cancellationToken);
        }

        await stop.CancelAsync();
        await Task.WhenAll(readers.Select(r => r.ContinueWith(_ => { }, TaskScheduler.Default)));
        Print([.. received], answered);
        return 0;
    }

    // Returns once the stream is open (its first line read), with the task that goes on reading it.
    private static async Task<Task> ConnectAsync(HttpClient http, Action<string> onData, CancellationToken cancellationToken)
    {
        var response = await http.GetAsync("api/v1/events", HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        response.EnsureSuccessStatusCode();
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken));
        await reader.ReadLineAsync(cancellationToken);
        return Task.Run(async () =>
        {
            using (response)
            using (reader)
            {
                while (await reader.ReadLineAsync(cancellationToken) is { } line)
                {
                    if (line.StartsWith("data: ", StringComparison.Ordinal))
                    {
                        onData(line[6..]);
                    }
                }
            }
        }, cancellationToken);
    }

    private static void OnLogCreated(string data, ConcurrentDictionary<string, long> sent, ConcurrentBag<double> received, ConcurrentDictionary<string, CountdownEvent> pending)
    {
        using var json = JsonDocument.Parse(data);
        if (json.RootElement.TryGetProperty("log_id", out _)
            && json.RootElement.GetProperty("app_name").GetString() is { } app
            && sent.TryGetValue(app, out var start) && pending.TryGetValue(app, out var everyone))
        {
            received.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            everyone.Signal();
        }
    }

    private static void Print(List<double> received, List<double> answered)
    {
        Console.WriteLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; load average {File.ReadAllText("/proc/loadavg").Trim()}; {answered.Count} callbacks × {Clients} clients.");
        Console.WriteLine();
        Console.WriteLine("| Measure | p50 | p95 | max |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| webhook answered (baseline) | {LiveLatencyBenchmark.Percentile(answered, 0.5):F1} ms | {LiveLatencyBenchmark.Percentile(answered, 0.95):F1} ms | {answered.Max():F1} ms |");
        Console.WriteLine($"| webhook → event received, each of {Clients} clients | {LiveLatencyBenchmark.Percentile(received, 0.5):F1} ms | {LiveLatencyBenchmark.Percentile(received, 0.95):F1} ms | {received.Max():F1} ms |");
        var p95 = LiveLatencyBenchmark.Percentile(received, 0.95);
        Console.WriteLine();
        Console.WriteLine($"Target p95 < 300 ms: {(p95 < 300 ? "met" : "MISSED")} ({p95:F1} ms).");
    }
}

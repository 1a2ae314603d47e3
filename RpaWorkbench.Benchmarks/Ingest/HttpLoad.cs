using System.Net;
using System.Net.Http.Headers;
using RpaWorkbench.Core.ApiKeys;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// Load from this process through <see cref="HttpClient"/>: the paced load (open loop: requests start on a fixed schedule
/// whatever the server's latency, and each latency counts from its scheduled start, so a stall is not hidden by the
/// load backing off), and a closed-loop load for machines without wrk. Every request is awaited, so Sent = Completed
/// plus socket errors.
/// </summary>
public sealed class HttpLoad : IClosedLoad, IDisposable
{
    private readonly HttpClient _client = new(new SocketsHttpHandler
    {
        UseCookies = false,
        MaxConnectionsPerServer = 256,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
    })
    {
        // A server that cannot keep up with the paced rate builds a backlog; its requests are slow, not lost.
        Timeout = TimeSpan.FromMinutes(2),
    };

    public string Name => "HttpClient (wrk not found)";

    public async Task<LoadResult> RunAsync(LoadTarget target, int connections, TimeSpan duration, long firstRun, CancellationToken cancellationToken)
    {
        var recorder = new Recorder();
        var next = firstRun - 1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < duration)
            {
                var run = Interlocked.Increment(ref next);
                await SendAsync(target, run, Stopwatch.GetTimestamp(), recorder, cancellationToken);
            }
        }, cancellationToken)));
        return recorder.Result(clock.Elapsed);
    }

    /// <summary>Starts <paramref name="rate"/> requests a second for <paramref name="duration"/>, then waits for every answer.</summary>
    public async Task<LoadResult> PacedAsync(LoadTarget target, int rate, TimeSpan duration, long firstRun, CancellationToken cancellationToken)
    {
        var total = (int)(rate * duration.TotalSeconds);
        var recorder = new Recorder();
        var sends = new List<Task>(total);
        var ticksPerRequest = (double)Stopwatch.Frequency / rate;
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total;)
        {
            // Timers tick about once a millisecond: start everything that has come due since the last tick.
            var now = Stopwatch.GetTimestamp();
            for (; i < total && start + (long)(i * ticksPerRequest) <= now; i++)
            {
                sends.Add(SendAsync(target, firstRun + i, start + (long)(i * ticksPerRequest), recorder, cancellationToken));
            }

            await Task.Delay(1, cancellationToken);
        }

        await Task.WhenAll(sends);
        return recorder.Result(Stopwatch.GetElapsedTime(start));
    }

    public void Dispose() => _client.Dispose();

    private async Task SendAsync(LoadTarget target, long run, long scheduled, Recorder recorder, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, target.Url) { Content = new ByteArrayContent(CallbackPayload.Build(run)) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (target.ApiKey is not null)
        {
            request.Headers.Add("X-Api-Key", target.ApiKey);
        }

        try
        {
            using var response = await _client.SendAsync(request, cancellationToken);
            recorder.Answered(Stopwatch.GetTimestamp() - scheduled, response.StatusCode == HttpStatusCode.OK);
        }
        catch (Exception ex) when (ex is HttpRequestException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            recorder.SocketError();
        }
    }

    private sealed class Recorder
    {
        private readonly List<long> _latencies = [];
        private long _ok;
        private long _socketErrors;

        public void Answered(long latencyTicks, bool ok)
        {
            lock (_latencies)
            {
                _latencies.Add(latencyTicks);
                _ok += ok ? 1 : 0;
            }
        }

        public void SocketError() => Interlocked.Increment(ref _socketErrors);

        public LoadResult Result(TimeSpan elapsed)
        {
            lock (_latencies)
            {
                return LoadResult.FromLatencies([.. _latencies], _ok, _latencies.Count + _socketErrors, _socketErrors, elapsed);
            }
        }
    }
}

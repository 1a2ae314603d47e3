using System.Buffers;
using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace RpaWorkbench.Shared;

/// <summary>
/// A loopback OTLP/HTTP receiver in the caller's process (Kestrel on 127.0.0.1), for the tests and the telemetry benchmark: <c>POST /v1/traces</c>,
/// <c>/v1/metrics</c> and <c>/v1/logs</c> read the whole body and answer 200 with an empty body (a full success in
/// OTLP/HTTP), so the Workbench's exporter really serializes and sends. It counts the requests and bytes of each signal,
/// which the run prints to show that export happened.
/// </summary>
public sealed class OtlpSink : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> Signals = ["traces", "metrics", "logs"];

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, SignalCount> _counts = new();

    private OtlpSink(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    /// <summary>Where the exporter is pointed (<c>Workbench:Telemetry:OtlpEndpoint</c>); it adds <c>v1/{signal}</c>.</summary>
    public Uri BaseAddress { get; }

    public static async Task<OtlpSink> StartAsync(CancellationToken cancellationToken)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{LocalMachine.FreeLoopbackPort()}/");
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls(baseAddress.GetLeftPart(UriPartial.Authority));
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        var app = builder.Build();
        var sink = new OtlpSink(app, baseAddress);
        foreach (var signal in Signals)
        {
            app.MapPost($"/v1/{signal}", (HttpRequest request, CancellationToken aborted) => sink.ReceiveAsync(signal, request, aborted));
        }

        await app.StartAsync(cancellationToken);
        return sink;
    }

    /// <summary>Requests and body bytes received so far, by signal (zero for a signal never sent).</summary>
    public IReadOnlyDictionary<string, SignalCount> Received() =>
        Signals.ToDictionary(signal => signal, signal => _counts.TryGetValue(signal, out var count) ? count : new SignalCount(0, 0));

    /// <summary>"traces 3 requests / 41,220 bytes, metrics …", for the report.</summary>
    public static string Describe(IReadOnlyDictionary<string, SignalCount> received) => string.Join(", ", received.Select(entry =>
        string.Create(CultureInfo.InvariantCulture, $"{entry.Key} {entry.Value.Requests:N0} request(s) / {entry.Value.Bytes:N0} bytes")));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task<IResult> ReceiveAsync(string signal, HttpRequest request, CancellationToken cancellationToken)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        long bytes = 0;
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(buffer, cancellationToken)) > 0)
            {
                bytes += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        _counts.AddOrUpdate(signal, _ => new SignalCount(1, bytes), (_, count) => new SignalCount(count.Requests + 1, count.Bytes + bytes));
        return TypedResults.Ok();
    }
}

/// <summary>OTLP export requests received for one signal, and the bytes of their bodies.</summary>
public sealed record SignalCount(long Requests, long Bytes);

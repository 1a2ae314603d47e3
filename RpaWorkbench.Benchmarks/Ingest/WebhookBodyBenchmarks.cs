using System.Text.Json;
using BenchmarkDotNet.Attributes;
using RpaWorkbench.Web.Infrastructure.Diagnostics;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// What reading a webhook body strictly (<see cref="StrictJson"/>: UTF-8 check, duplicate fields, and for bodies with
/// <c>\u</c> escapes the string walk) costs over the plain <see cref="JsonDocument"/> parse it replaced, the same-run
/// baseline. On the load test's body as UTF-8 and as Python's <c>json.dumps</c> sends it by default (every non-ASCII
/// character escaped, so the walk runs).
/// </summary>
[MemoryDiagnoser]
public class WebhookBodyBenchmarks
{
    private byte[] _body = [];

    [Params("utf-8", "ascii-escaped")]
    public string Encoding { get; set; } = "utf-8";

    [GlobalSetup]
    public void SetUp()
    {
        var body = CallbackPayload.Build(CallbackPayload.FirstRunOfPhase(0));
        using var parsed = JsonDocument.Parse(body);
        _body = Encoding == "utf-8" ? body : JsonSerializer.SerializeToUtf8Bytes(parsed.RootElement);
    }

    [Benchmark(Baseline = true)]
    public JsonValueKind PlainParse()
    {
        using var document = JsonDocument.Parse(_body);
        return document.RootElement.ValueKind;
    }

    [Benchmark]
    public JsonValueKind StrictParse()
    {
        using var document = StrictJson.Parse(_body).Document!;
        return document.RootElement.ValueKind;
    }
}

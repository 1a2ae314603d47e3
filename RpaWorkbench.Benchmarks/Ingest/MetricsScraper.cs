namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// One GET <c>/metrics</c> of the Workbench, as Prometheus would scrape it: the status, the size of the text, and the
/// callbacks the Workbench counted (<c>workbench_webhook_callbacks_total</c>) by outcome, none when the metric is absent.
/// </summary>
public sealed record MetricsScrape(int Status, long Bytes, IReadOnlyDictionary<string, double> Callbacks)
{
    /// <summary>Not scraped: <c>/metrics</c> is switched off on the server (<c>--on Workbench:Telemetry:MetricsEndpoint=false</c>).</summary>
    public static readonly MetricsScrape NotServed = new(0, 0, new Dictionary<string, double>());

    public bool Served => Status == 200 && Callbacks.ContainsKey("stored");

    /// <summary>The counter of stored callbacks says what the database holds.</summary>
    public bool Counts(long storedCallbacks) => Callbacks.TryGetValue("stored", out var stored) && stored == storedCallbacks;

    public string Describe() => this == NotServed ? "not scraped (switched off)" : string.Create(CultureInfo.InvariantCulture,
        $"{Status}, {Bytes:N0} bytes, {MetricsScraper.CallbacksMetric} {(Callbacks.Count == 0 ? "absent" : string.Join(", ", Callbacks.Select(c => $"{c.Key} {c.Value:N0}")))}");
}

/// <summary>Scrapes a Workbench's <c>/metrics</c> with an admin-scoped API key.</summary>
public sealed class MetricsScraper(Uri baseAddress, string adminApiKey)
{
    public const string CallbacksMetric = "workbench_webhook_callbacks_total";

    public async Task<MetricsScrape> ScrapeAsync(CancellationToken cancellationToken)
    {
        using var http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Add("X-Api-Key", adminApiKey);
        using var response = await http.GetAsync("metrics", cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return new MetricsScrape((int)response.StatusCode, System.Text.Encoding.UTF8.GetByteCount(text), CallbacksByOutcome(text));
    }

    // Sample lines look like: workbench_webhook_callbacks_total{otel_scope_name="RpaWorkbench",outcome="stored"} 81234 1765000000000
    private static Dictionary<string, double> CallbacksByOutcome(string text) => text.Split('\n')
        .Where(line => line.StartsWith(CallbacksMetric + "{", StringComparison.Ordinal))
        .Select(line => (
            Outcome: line.Split("outcome=\"", 2) is [_, var rest] ? rest[..rest.IndexOf('"', StringComparison.Ordinal)] : "?",
            Value: double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture)))
        .GroupBy(sample => sample.Outcome)
        .ToDictionary(group => group.Key, group => group.Sum(sample => sample.Value));
}

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// One GET <c>/metrics</c> of the Workbench, as Prometheus would scrape it: the status, the size of the text, and the
/// callbacks the Workbench counted as stored (<c>workbench_webhook_callbacks_total{outcome="stored"}</c>), or null if absent.
/// </summary>
public sealed record MetricsScrape(int Status, long Bytes, double? CallbacksStored)
{
    public bool Served => Status == 200 && CallbacksStored is not null;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{Status}, {Bytes:N0} bytes, {MetricsScraper.CallbacksMetric}{{outcome=\"stored\"}} {(CallbacksStored is { } stored ? stored.ToString("N0", CultureInfo.InvariantCulture) : "absent")}");
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
        return new MetricsScrape((int)response.StatusCode, System.Text.Encoding.UTF8.GetByteCount(text), StoredCallbacks(text));
    }

    // Sample lines look like: workbench_webhook_callbacks_total{otel_scope_name="RpaWorkbench",outcome="stored"} 81234 1765000000000
    private static double? StoredCallbacks(string text)
    {
        var samples = text.Split('\n')
            .Where(line => line.StartsWith(CallbacksMetric + "{", StringComparison.Ordinal) && line.Contains("outcome=\"stored\"", StringComparison.Ordinal))
            .Select(line => double.Parse(line[(line.LastIndexOf('}') + 1)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture))
            .ToList();
        return samples.Count == 0 ? null : samples.Sum();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;

namespace RpaWorkbench.Tests.Telemetry;

/// <summary>
/// A real Prometheus scrapes a Workbench on a real port with an admin-scoped key from its credentials file; the figures
/// are read back through Prometheus's query API, as a dashboard or alert rule reads them.
/// </summary>
[Collection(ProcessWideMetricsCollection.Name)]
public sealed class PrometheusScrapeTests(ScrapedWorkbenchFixture scraped) : IClassFixture<ScrapedWorkbenchFixture>
{
    private const int DistinctRuns = 7;
    private static readonly TimeSpan ScrapedWithin = TimeSpan.FromSeconds(60);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Callbacks_PostedOverHttp_PrometheusCountsStoredDuplicateAndInvalid()
    {
        var clock = Stopwatch.StartNew();
        using var robot = new HttpClient { BaseAddress = scraped.Workbench.BaseUrl };
        robot.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
        var runs = Enumerable.Range(0, DistinctRuns).Select(_ => WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount())).ToList();
        foreach (var run in runs)
        {
            Assert.Equal(HttpStatusCode.OK, (await robot.PostAsJsonAsync(CompletePath, run, Ct)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.OK, (await robot.PostAsJsonAsync(CompletePath, runs[0], Ct)).StatusCode);
        var invalid = runs[1].Without("shadow_bot_account");
        Assert.Equal(HttpStatusCode.BadRequest, (await robot.PostAsJsonAsync(CompletePath, invalid, Ct)).StatusCode);

        await ExpectAsync("""sum(workbench_webhook_callbacks_total{outcome="stored"})""", DistinctRuns);
        await ExpectAsync("""sum(workbench_webhook_callbacks_total{outcome="duplicate"})""", 1);
        await ExpectAsync("""sum(workbench_webhook_callbacks_total{outcome="rejected", reason="invalid"})""", 1);
        // The duplicate went through a batch too: 8 callbacks committed, whatever the batching.
        await ExpectAsync("sum(workbench_webhook_ingest_batch_size_sum)", DistinctRuns + 1);
        await ExpectAsync($$"""up{job="{{ScrapedWorkbenchFixture.Job}}"}""", 1);
        TestContext.Current.SendDiagnosticMessage(string.Create(CultureInfo.InvariantCulture,
            $"Posted and read back through Prometheus in {clock.Elapsed.TotalSeconds:F1} s."));
    }

    [Fact]
    public async Task Scrape_WithWrongKey_TargetIsDown()
    {
        await ExpectAsync($$"""up{job="{{ScrapedWorkbenchFixture.WrongKeyJob}}"}""", 0);
        // The same Workbench, scraped with the admin key, is up: the key made the difference, not the address.
        await ExpectAsync($$"""up{job="{{ScrapedWorkbenchFixture.Job}}"}""", 1);
        var scrapedSamples = await scraped.Prometheus.ValueAsync(
            $$"""scrape_samples_scraped{job="{{ScrapedWorkbenchFixture.WrongKeyJob}}"}""", Ct);
        Assert.Equal(0, scrapedSamples);
    }

    [Fact]
    public async Task Dashboard_RuntimeAndHttpServerMetrics_AreScrapedFromTheWorkbench()
    {
        var charted = DeployMonitoring.MetricNames(string.Join('\n', DeployMonitoring.DashboardQueries()), "dotnet_", "http_server_");
        Assert.NotEmpty(charted);

        var clock = Stopwatch.StartNew();
        var missing = charted.ToList();
        while (missing.Count > 0 && clock.Elapsed < ScrapedWithin)
        {
            await Task.Delay(250, Ct);
            var stored = await scraped.Prometheus.MetricNamesAsync(Ct);
            missing = [.. charted.Where(name => !stored.Contains(name)).Order(StringComparer.Ordinal)];
        }

        Assert.Empty(missing);
    }

    [Fact]
    public async Task Dashboard_Queries_RunOnPrometheus()
    {
        // Beyond parsing (DeployMonitoringTests): Prometheus evaluates each query against the Workbench's real series.
        await ExpectAsync($$"""up{job="{{ScrapedWorkbenchFixture.Job}}"}""", 1);
        foreach (var query in DeployMonitoring.DashboardQueries())
        {
            await scraped.Prometheus.QueryAsync(DeployMonitoring.AsPrometheusReceivesIt(query), Ct);
        }

        var heap = await scraped.Prometheus.QueryAsync(DeployMonitoring.AsPrometheusReceivesIt(
            DeployMonitoring.DashboardQueries().Single(q => q.Contains("dotnet_gc_last_collection_heap_size_bytes", StringComparison.Ordinal))), Ct);
        Assert.True(Assert.Single(heap).Value > 0);
    }

    private const string CompletePath = "/api/v1/webhook/execution-complete";

    // Prometheus scrapes once a second and the exporter caches its answer for 300 ms: poll until the figure arrives.
    private async Task ExpectAsync(string expression, double expected)
    {
        var clock = Stopwatch.StartNew();
        double? last = null;
        while (clock.Elapsed < ScrapedWithin)
        {
            last = await scraped.Prometheus.ValueAsync(expression, Ct);
            if (last == expected)
            {
                return;
            }

            await Task.Delay(250, Ct);
        }

        Assert.Fail($"{expression} was {last?.ToString(CultureInfo.InvariantCulture) ?? "absent"} after {ScrapedWithin.TotalSeconds} s, " +
                    $"expected {expected.ToString(CultureInfo.InvariantCulture)}. Prometheus log:\n{scraped.Prometheus.Log}");
    }
}

/// <summary>
/// A Workbench on a real loopback port with <c>/metrics</c> on, and a Prometheus scraping it twice: with an admin-scoped
/// key (<see cref="Job"/>) and with a key the Workbench never issued (<see cref="WrongKeyJob"/>).
/// </summary>
public sealed class ScrapedWorkbenchFixture : IAsyncLifetime
{
    public const string Job = "rpa-workbench";
    public const string WrongKeyJob = "rpa-workbench-wrong-key";

    public KestrelWorkbenchFactory Workbench { get; } = new(new Dictionary<string, string> { ["Workbench:Telemetry:MetricsEndpoint"] = "true" });

    public PrometheusServer Prometheus { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        var target = Workbench.BaseUrl;
        var adminKey = await Workbench.KeySecretAsync(ApiKeyScopes.Admin);
        // The first /metrics answer compiles the exporter; done here, Prometheus's 1 s scrape timeout never meets it.
        using (var warmUp = new HttpClient { BaseAddress = target })
        {
            warmUp.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", adminKey);
            (await warmUp.GetAsync(PrometheusServer.MetricsPath)).EnsureSuccessStatusCode();
        }

        Prometheus = await PrometheusServer.StartAsync(
        [
            new ScrapeJob(Job, target, adminKey),
            new ScrapeJob(WrongKeyJob, target, "wbk_" + Guid.NewGuid().ToString("N")),
        ]);
    }

    public async ValueTask DisposeAsync()
    {
        if (Prometheus is not null)
        {
            await Prometheus.DisposeAsync();
        }

        await Workbench.DisposeAsync();
    }
}

using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using MailKit.Security;
using netDumbster.smtp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Shared;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;
using RpaWorkbench.Web.Infrastructure.Telemetry;

namespace RpaWorkbench.Tests.Telemetry;

/// <summary>OpenTelemetry: spans of a webhook, the Prometheus endpoint and its key, and that nothing is exported by default.</summary>
public sealed class TelemetryTests
{
    private const string RobotKey = "telemetry-webhook-key-0123456789-abcdefghijk";
    private const string EntityFrameworkCoreSource = "OpenTelemetry.Instrumentation.EntityFrameworkCore";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Webhook_Traced_HasServerSpanWithRequestIdAndDatabaseCommandBeneath()
    {
        await using var app = new WebhookAppFactory();

        var database = await TraceOneWebhookAsync(app);

        Assert.All(database, s => Assert.Equal(EntityFrameworkCoreSource, s.Source.Name));
    }

    [Fact]
    public async Task Webhook_OnPostgreSql_EachCommandTracedOnceByNpgsql()
    {
        await using var app = new PostgreSqlWebhookAppFactory();

        var database = await TraceOneWebhookAsync(app);

        // Npgsql traces every command itself; EF Core's span of the same command would be a second one.
        Assert.All(database, s => Assert.Equal("Npgsql", s.Source.Name));
        Assert.All(database, s => Assert.Equal("postgresql", DatabaseSystem(s)));
    }

    [Fact]
    public async Task EmailAlert_Traced_BySmtpClientSpanToItsServer()
    {
        var spans = new List<Activity>();
        await using var app = Host();
        await using var traced = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
        using var smtp = Configuration.Configure().WithAddress(IPAddress.Loopback).WithRandomPort().Build();
        var email = traced.Services.GetServices<IAlertChannelSender>().Single(s => s.Kind == AlertChannelKind.Email);
        var target = new SmtpTarget("127.0.0.1", smtp.Configuration.Port, SmtpSecurity.None, null, null, "alerts@workbench.test", ["ops@example.test"]);

        var delivery = await email.SendAsync(new AlertChannelTarget(AlertChannelKind.Email, null, null, target),
            new AlertMessage("Task failed", ["Daily report"], AlertSeverity.Warning, null, [], "en"), Ct);

        Assert.True(delivery.Delivered, delivery.Answer);
        // Spans of other tests' SMTP servers land here too (sources are process-wide): ours is the one to our port.
        var sent = await WaitForAsync(() => Snapshot(spans).FirstOrDefault(s =>
            s.Source.Name == MailKit.Telemetry.SmtpClient.ActivitySourceName && Equals(s.GetTagItem("server.port"), smtp.Configuration.Port)));
        Assert.Equal(ActivityKind.Client, sent.Kind);
    }

    // Posts one callback with a request id of its own and returns the database spans of its trace, after checking the
    // request span carries the id and has a database command directly beneath it.
    private static async Task<List<Activity>> TraceOneWebhookAsync(WebhookAppFactory app)
    {
        var spans = new List<Activity>();
        await using var traced = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
        var client = traced.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/webhook/execution-complete")
        {
            Content = JsonContent.Create(WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount())),
        };
        // Activity sources are process-wide: other hosts' requests in parallel tests are exported here too, so find ours by its id.
        var requestId = "otel-" + Guid.NewGuid().ToString("N")[..12];
        request.Headers.Add("X-Request-ID", requestId);
        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The server span ends after the response is sent: wait for it to be exported.
        var server = await WaitForAsync(() => Snapshot(spans).SingleOrDefault(s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("workbench.request_id"), requestId)));
        Assert.Contains("webhook", server.DisplayName, StringComparison.Ordinal);
        Assert.Equal("POST", server.GetTagItem("http.request.method"));
        var database = Snapshot(spans).Where(s => s.TraceId == server.TraceId && s.Kind == ActivityKind.Client && DatabaseSystem(s) is not null).ToList();
        // The API key lookup is a command directly beneath the request; other commands of the same trace may nest in spans between.
        Assert.Contains(database, s => s.ParentSpanId == server.SpanId);
        return database;
    }

    [Fact]
    public async Task Metrics_WhenOn_ServesCallbackCountsToAdminKeyOnly()
    {
        await using var factory = Host(("Workbench:Telemetry:MetricsEndpoint", "true"));
        var robot = factory.CreateClient();
        robot.DefaultRequestHeaders.Add("X-Api-Key", RobotKey);
        var run = WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount());
        Assert.Equal(HttpStatusCode.OK, (await robot.PostAsJsonAsync("/api/v1/webhook/execution-complete", run, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await robot.PostAsJsonAsync("/api/v1/webhook/execution-complete", run, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await robot.PostAsJsonAsync("/api/v1/webhook/heartbeat", new { }, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClient().GetAsync("/metrics", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await robot.GetAsync("/metrics", Ct)).StatusCode);
        var viewer = await KeyClientAsync(factory, ApiKeyScopes.Viewer);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/metrics", Ct)).StatusCode);

        var admin = await KeyClientAsync(factory, ApiKeyScopes.Admin);
        var scrape = await admin.GetAsync("/metrics", Ct);
        var text = await scrape.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, scrape.StatusCode);
        Assert.StartsWith("text/plain", scrape.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Matches(Sample("workbench_webhook_callbacks_total", "outcome=\"stored\"", "1"), text);
        Assert.Matches(Sample("workbench_webhook_callbacks_total", "outcome=\"duplicate\"", "1"), text);
        Assert.Matches(Sample("workbench_webhook_callbacks_total", "reason=\"invalid\"", "1"), text);
        Assert.Matches(Sample("workbench_webhook_ingest_batch_size_count", "", "2"), text);
        Assert.Contains("workbench_webhook_ingest_commit_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_WhenOn_ServesRunsEventsExportsAndGaugesInPrometheusNames()
    {
        await using var factory = Host(("Workbench:Telemetry:MetricsEndpoint", "true"));
        var robot = factory.CreateClient();
        robot.DefaultRequestHeaders.Add("X-Api-Key", RobotKey);
        for (var i = 0; i < 2; i++)
        {
            var run = WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount());
            Assert.Equal(HttpStatusCode.OK, (await robot.PostAsJsonAsync("/api/v1/webhook/execution-complete", run, Ct)).StatusCode);
        }

        var admin = await KeyClientAsync(factory, ApiKeyScopes.Admin);
        var csv = await admin.GetStringAsync("/api/v1/logs/export", Ct);
        Assert.Equal(3, csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);

        // The gauges appear once the sampler's first reading (at start) is in; the exporter caches its answer for 300 ms.
        var text = "";
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!text.Contains("workbench_robots{", StringComparison.Ordinal) || !text.Contains("workbench_export_rows_total{", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "The gauges and export rows were not in /metrics within 10 s:\n" + text);
            await Task.Delay(100, Ct);
            text = await admin.GetStringAsync("/metrics", Ct);
        }

        Assert.Matches(Sample("workbench_runs_ended_total", "status=\"completed\"", "2"), text);
        Assert.Matches(Sample("workbench_runs_ended_total", "app=\"云仓收藏\"", "2"), text);
        Assert.Matches(Sample("workbench_export_rows_total", "export=\"logs\"", "2"), text);
        Assert.Matches(Sample("workbench_live_events_published_total", "event=\"log\"", "2"), text);
        // The robots registered by the two callbacks are counted at the next reading, 15 s on; here the series exist.
        Assert.Matches("(?m)^workbench_robots\\{[^}]*state=\"offline\"", text);
        Assert.Matches(Sample("workbench_dispatch_queue_depth", "", "0"), text);
        Assert.Contains("workbench_dispatch_queue_oldest_wait_seconds", text, StringComparison.Ordinal);
        Assert.Contains("workbench_batch_items{", text, StringComparison.Ordinal);
        Assert.Contains("workbench_workflow_steps{", text, StringComparison.Ordinal);
        Assert.Contains("workbench_live_events_subscribers", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_ByDefault_IsNotServed()
    {
        await using var factory = Host();
        var admin = await KeyClientAsync(factory, ApiKeyScopes.Admin);

        var response = await admin.GetAsync("/metrics", Ct);

        // Not the exporter: the address falls through to the pages (here the sign-in page a key cannot pass).
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("workbench_webhook", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exporters_ByDefault_NoneAdded()
    {
        await using var factory = Host();
        _ = factory.Services;

        Assert.Null(ProcessorOf(factory.Services.GetRequiredService<TracerProvider>()));
    }

    [Fact]
    public async Task Exporters_WithOtlpEndpoint_AddOtlpTraceExporter()
    {
        await using var factory = Host(("Workbench:Telemetry:OtlpEndpoint", "http://127.0.0.1:4317"));

        var processor = ProcessorOf(factory.Services.GetRequiredService<TracerProvider>());

        Assert.NotNull(processor);
        Assert.Contains("OtlpTraceExporter", Describe(processor), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("TraceSamplingRatio", "3", "Workbench:Telemetry:TraceSamplingRatio")]
    [InlineData("OtlpEndpoint", "ftp://127.0.0.1:4317", "Workbench:Telemetry:OtlpEndpoint")]
    public async Task StartUp_BadSetting_StopsNamingTheKey(string key, string value, string named)
    {
        await using var factory = Host(("Workbench:Telemetry:" + key, value));

        var failure = Assert.Throws<OptionsValidationException>(() => factory.Services);

        Assert.Contains(named, failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Traces, Metrics, Logs", new[] { "traces", "metrics", "logs" })]
    [InlineData("Traces", new[] { "traces" })]
    [InlineData("Metrics,Logs", new[] { "metrics", "logs" })]
    public async Task OtlpExport_OverHttp_SendsTheChosenSignalsEachToItsPath(string signals, string[] expected)
    {
        await using var sink = await OtlpSink.StartAsync(Ct);
        await using var factory = Host(("Workbench:Telemetry:OtlpEndpoint", sink.BaseAddress.ToString()),
            ("Workbench:Telemetry:OtlpProtocol", "HttpProtobuf"), ("Workbench:Telemetry:OtlpSignals", signals));

        Assert.Equal(expected, await ExportedSignalsAsync(factory, sink));
    }

    [Fact]
    public async Task OtlpExport_FromTheStandardVariables_SendsEverySignalToItsPath()
    {
        await using var sink = await OtlpSink.StartAsync(Ct);
        await using var factory = Host((TelemetryOptions.OtlpEndpointVariable, sink.BaseAddress.ToString()),
            ("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"));

        Assert.Equal(["traces", "metrics", "logs"], await ExportedSignalsAsync(factory, sink));
    }

    // One request and one warning, flushed through every provider; the signals the sink then has requests for.
    private static async Task<IEnumerable<string>> ExportedSignalsAsync(WorkbenchAppFactory factory, OtlpSink sink)
    {
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live", Ct)).StatusCode);
        factory.Services.GetRequiredService<ILogger<TelemetryTests>>().LogWarning("A record for the OTLP log exporter");
        Assert.True(factory.Services.GetRequiredService<TracerProvider>().ForceFlush());
        Assert.True(factory.Services.GetRequiredService<MeterProvider>().ForceFlush());
        Assert.True(factory.Services.GetService<LoggerProvider>()?.ForceFlush() ?? true);

        // The sink answers 404 on any other path, so a signal sent without its v1/{signal} path is not counted.
        return sink.Received().Where(signal => signal.Value.Requests > 0).Select(signal => signal.Key);
    }

    private static WorkbenchAppFactory Host(params (string Key, string Value)[] settings)
    {
        var all = new Dictionary<string, string> { ["Workbench:Bootstrap:WebhookApiKey"] = RobotKey };
        foreach (var (key, value) in settings)
        {
            all[key] = value;
        }

        return WorkbenchAppFactory.With(all);
    }

    private static async Task<HttpClient> KeyClientAsync(WorkbenchAppFactory factory, string scope)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", await factory.KeySecretAsync(scope));
        return client;
    }

    // One Prometheus sample line: the metric, a label among its labels, and its value.
    private static Regex Sample(string metric, string label, string value) =>
        new($"(?m)^{Regex.Escape(metric)}\\{{[^}}]*{Regex.Escape(label)}[^}}]*\\}} {Regex.Escape(value)}( |$)");

    // EF Core's instrumentation still tags the older semantic convention's name; Npgsql the current one.
    private static object? DatabaseSystem(Activity span) => span.GetTagItem("db.system") ?? span.GetTagItem("db.system.name");

    private static List<Activity> Snapshot(List<Activity> spans)
    {
        lock (spans)
        {
            return [.. spans];
        }
    }

    private static async Task<Activity> WaitForAsync(Func<Activity?> find)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        var found = find();
        while (found is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "The span was not exported within 10 seconds.");
            await Task.Delay(20, Ct);
            found = find();
        }

        return found;
    }

    // The SDK has no public view of its pipeline; its provider keeps the processor chain in an internal property.
    private static object? ProcessorOf(TracerProvider provider) =>
        provider.GetType().GetProperty("Processor", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)!.GetValue(provider);

    private static string Describe(object processor)
    {
        var exporter = processor.GetType().GetProperty("Exporter", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public)?.GetValue(processor);
        return $"{processor.GetType().Name} {exporter?.GetType().Name}";
    }
}

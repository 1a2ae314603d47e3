using Microsoft.AspNetCore.Authorization;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RpaWorkbench.Core.Configuration;
using RpaWorkbench.Core.Diagnostics;
using RpaWorkbench.Web.Features.ApiKeys;

namespace RpaWorkbench.Web.Infrastructure.Telemetry;

/// <summary>
/// OpenTelemetry for the host: traces and metrics of requests, outgoing HTTP and SMTP calls, database commands (EF Core's on
/// SQLite, Npgsql's on PostgreSQL) and the runtime, plus the Workbench's own meter and the sampler of its database gauges. Nothing is exported unless an OTLP endpoint is configured; <c>/metrics</c> exists
/// only when switched on, and answers admin-scoped API keys only.
/// </summary>
public static class TelemetrySetup
{
    public const string MetricsPath = "/metrics";

    /// <summary>The span tag that carries the request id (<c>X-Request-ID</c>) the logs and problem details show.</summary>
    public const string RequestIdTag = "workbench.request_id";

    private const string EntityFrameworkCoreMeter = "Microsoft.EntityFrameworkCore";
    private const string NpgsqlMeter = "Npgsql";

    // On PostgreSQL every command (EF Core's and the ingest's plain ADO.NET ones) is traced by Npgsql itself; EF Core's
    // span would be a second one for the same command.
    private const string NpgsqlEntityFrameworkCoreProvider = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public static IHostApplicationBuilder AddWorkbenchTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWorkbenchOptions<TelemetryOptions, TelemetryOptionsValidator>(TelemetryOptions.SectionName, SettingsGroups.Telemetry, s => s
            .Add(o => o.Enabled, "Settings.TelemetryEnabled")
            .Add(o => o.OtlpEndpoint, "Settings.TelemetryOtlpEndpoint")
            .Add(o => o.OtlpProtocol, "Settings.TelemetryOtlpProtocol")
            .Add(o => o.OtlpSignals, "Settings.TelemetryOtlpSignals")
            .Add(o => o.TraceSamplingRatio, "Settings.TelemetryTraceSamplingRatio")
            .Add(o => o.MetricsEndpoint, "Settings.TelemetryMetricsEndpoint"));

        // Read now, not from IOptions: which providers and exporters exist is decided while the services are registered.
        var options = OptionsRegistration.ReadChecked<TelemetryOptions, TelemetryOptionsValidator>(builder.Configuration, TelemetryOptions.SectionName);
        if (!options.Enabled)
        {
            return builder;
        }

        // MailKit's SMTP spans and meter (e-mail alert channels) exist only once configured; a process-wide switch.
        MailKit.Telemetry.SmtpClient.Configure();
        var exported = Exported(options, builder.Configuration);
        var telemetry = builder.Services.AddOpenTelemetry()
            .WithTracing(tracing =>
            {
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSamplingRatio)))
                    .AddAspNetCoreInstrumentation(o => o.EnrichWithHttpResponse = (activity, response) =>
                        activity.SetTag(RequestIdTag, response.HttpContext.TraceIdentifier))
                    .AddHttpClientInstrumentation()
                    .AddEntityFrameworkCoreInstrumentation(o => o.Filter = (provider, _) => provider != NpgsqlEntityFrameworkCoreProvider)
                    .AddNpgsql()
                    .AddSource(MailKit.Telemetry.SmtpClient.ActivitySourceName);
                if (exported.HasFlag(OtlpSignals.Traces))
                {
                    tracing.AddOtlpExporter(exporter => PointAt(exporter, options, OtlpSignals.Traces));
                }
            })
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation()
                    .AddRuntimeInstrumentation()
                    .AddMeter(EntityFrameworkCoreMeter, NpgsqlMeter, MailKit.Telemetry.SmtpClient.MeterName, WorkbenchMetrics.MeterName);
                if (options.MetricsEndpoint)
                {
                    metrics.AddPrometheusExporter();
                }

                if (exported.HasFlag(OtlpSignals.Metrics))
                {
                    metrics.AddOtlpExporter(exporter => PointAt(exporter, options, OtlpSignals.Metrics));
                }
            });

        if (exported.HasFlag(OtlpSignals.Logs))
        {
            telemetry.WithLogging(logging => logging.AddOtlpExporter(exporter => PointAt(exporter, options, OtlpSignals.Logs)));
        }

        builder.Services.AddHostedService<WorkbenchGaugeSampler>();
        return builder;
    }

    /// <summary>The signals to send over OTLP: none without an endpoint (the setting or <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>).</summary>
    private static OtlpSignals Exported(TelemetryOptions options, IConfiguration configuration) =>
        options.OtlpEndpoint is not null || !string.IsNullOrWhiteSpace(configuration[TelemetryOptions.OtlpEndpointVariable])
            ? options.OtlpSignals
            : OtlpSignals.None;

    /// <summary>
    /// Points one signal's exporter at <see cref="TelemetryOptions.OtlpEndpoint"/>. Without it the exporter reads
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>_PROTOCOL</c> and <c>_HEADERS</c> itself and adds the signal's path.
    /// </summary>
    private static void PointAt(OtlpExporterOptions exporter, TelemetryOptions options, OtlpSignals signal)
    {
        if (options.OtlpEndpoint is not { } endpoint)
        {
            return;
        }

        exporter.Protocol = options.OtlpProtocol == OtlpProtocol.Grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
        // Over HTTP an endpoint set in code is used as it is: the base URL the operator gives needs the signal's path.
        exporter.Endpoint = exporter.Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri($"{endpoint.AbsoluteUri.TrimEnd('/')}/v1/{OtlpPath(signal)}")
            : endpoint;
    }

    /// <summary>The signal's name in OTLP/HTTP paths (<c>v1/traces</c>, <c>v1/metrics</c>, <c>v1/logs</c>).</summary>
    public static string OtlpPath(OtlpSignals signal) => signal.ToString().ToLowerInvariant();

    /// <summary>Maps <c>/metrics</c> when <see cref="TelemetryOptions.MetricsEndpoint"/> is on: admin-scoped API keys only.</summary>
    public static WebApplication MapWorkbenchMetrics(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value;
        if (options is { Enabled: true, MetricsEndpoint: true })
        {
            app.MapPrometheusScrapingEndpoint(MetricsPath)
                .RequireAuthorization(new AuthorizeAttribute { AuthenticationSchemes = ApiKeyAuthenticationHandler.SchemeName, Roles = Roles.Admin });
        }

        return app;
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Configuration;

namespace RpaWorkbench.Web.Infrastructure.Telemetry;

/// <summary>OpenTelemetry traces and metrics (<c>Workbench:Telemetry</c>): what is collected and where it may go.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string SectionName = "Workbench:Telemetry";

    /// <summary>The standard OpenTelemetry variable; used when <see cref="OtlpEndpoint"/> is not set.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>Off: no trace or metric is collected at all (no OTLP export, no <c>/metrics</c>).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Where traces and metrics are exported over OTLP; none by default, so nothing leaves the process.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary>How <see cref="OtlpEndpoint"/> is spoken to: gRPC (port 4317 by convention) or HTTP/protobuf (4318).</summary>
    public OtlpProtocol OtlpProtocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>
    /// Which signals go to the OTLP endpoint. A Prometheus that scrapes <c>/metrics</c> and a container runtime that ships
    /// the console logs make the OTLP copy of those signals a second one; each is a flag to leave out.
    /// </summary>
    public OtlpSignals OtlpSignals { get; set; } = OtlpSignals.Traces | OtlpSignals.Metrics | OtlpSignals.Logs;

    /// <summary>The share of traces kept (0 to 1) where the caller has not decided; a caller's sampled flag is followed.</summary>
    [Range(0.0, 1.0)]
    public double TraceSamplingRatio { get; set; } = 1.0;

    /// <summary>Serves <c>/metrics</c> (Prometheus text) to callers with an admin-scoped API key.</summary>
    public bool MetricsEndpoint { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (OtlpEndpoint is not null && (!OtlpEndpoint.IsAbsoluteUri || OtlpEndpoint.Scheme is not ("http" or "https")))
        {
            yield return new ValidationResult(
                $"{SectionName}:{nameof(OtlpEndpoint)} must be an absolute http:// or https:// URL (e.g. http://127.0.0.1:4317).");
        }
    }
}

/// <summary>The OTLP transports the exporter speaks.</summary>
public enum OtlpProtocol
{
    Grpc,
    HttpProtobuf,
}

/// <summary>The signals the OTLP exporter may send, combined as <c>Traces, Metrics</c> in configuration.</summary>
[Flags]
public enum OtlpSignals
{
    None = 0,
    Traces = 1,
    Metrics = 2,
    Logs = 4,
}

[OptionsValidator]
internal sealed partial class TelemetryOptionsValidator : IValidateOptions<TelemetryOptions>;

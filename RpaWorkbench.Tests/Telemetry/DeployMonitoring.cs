using System.Text.Json;
using System.Text.RegularExpressions;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Telemetry;

/// <summary>The monitoring files of deploy/ as the tests read them: the Grafana dashboard's queries and the alert rules.</summary>
public static partial class DeployMonitoring
{
    public static string PrometheusFolder { get; } = Path.Combine(RepositoryPaths.Root, "deploy", "prometheus");
    public static string RulesFile { get; } = Path.Combine(PrometheusFolder, "workbench-alerts.yml");
    public static string DashboardFile { get; } = Path.Combine(RepositoryPaths.Root, "deploy", "grafana", "rpa-workbench.json");

    public static JsonDocument Dashboard() => JsonDocument.Parse(File.ReadAllText(DashboardFile));

    /// <summary>The dashboard's panels, rows included, in order.</summary>
    public static IEnumerable<JsonElement> Panels(JsonDocument dashboard) => dashboard.RootElement.GetProperty("panels").EnumerateArray();

    /// <summary>Every PromQL query of the dashboard's panels.</summary>
    public static IReadOnlyList<string> DashboardQueries()
    {
        using var dashboard = Dashboard();
        return
        [
            .. Panels(dashboard)
                .Where(p => p.TryGetProperty("targets", out _))
                .SelectMany(p => p.GetProperty("targets").EnumerateArray())
                .Select(t => t.GetProperty("expr").GetString()!),
        ];
    }

    /// <summary>A dashboard query as Prometheus would receive it: Grafana's variables replaced by sample values.</summary>
    public static string AsPrometheusReceivesIt(string query) => query
        .Replace("$__rate_interval", "5m", StringComparison.Ordinal)
        .Replace("$__range", "1h", StringComparison.Ordinal)
        .Replace("$job", "rpa-workbench", StringComparison.Ordinal)
        .Replace("$instance", ".*", StringComparison.Ordinal);

    /// <summary>The metric names in <paramref name="text"/> that start with one of <paramref name="prefixes"/> (e.g. <c>workbench_</c>).</summary>
    public static IReadOnlySet<string> MetricNames(string text, params string[] prefixes) =>
        MetricName().Matches(text).Select(m => m.Value.TrimEnd('_'))
            .Where(name => prefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal)))
            .ToHashSet(StringComparer.Ordinal);

    [GeneratedRegex("\\b[a-z][a-z0-9_]*_[a-z0-9_]+")]
    private static partial Regex MetricName();
}

using System.Text;
using System.Text.Json;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Telemetry;

/// <summary>
/// deploy/prometheus and deploy/grafana: the real promtool accepts the alert rules, their unit tests and the example
/// config; the dashboard is importable and asks valid PromQL; every Workbench metric they use is documented.
/// </summary>
public sealed class DeployMonitoringTests
{
    private static readonly string[] DashboardRows =
        ["Webhooks", "Runs", "Robots", "Dispatch", "Batches & workflows", "Live events & exports", "Alerts", "HTTP", "Runtime"];

    [Fact]
    public async Task AlertRules_PromtoolCheckAndUnitTests_Pass()
    {
        var check = await Promtool.RunAsync(DeployMonitoring.PrometheusFolder, "check", "rules", "workbench-alerts.yml");
        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("SUCCESS: 7 rules found", check.Output, StringComparison.Ordinal);

        var unitTests = await Promtool.RunAsync(DeployMonitoring.PrometheusFolder, "test", "rules", "workbench-alerts.test.yml");
        Assert.True(unitTests.ExitCode == 0, unitTests.Output);
    }

    [Fact]
    public async Task ExampleConfig_PromtoolCheckConfig_PassesWithItsRules()
    {
        // promtool checks that the credentials file exists: point the example at a stand-in, next to a copy of the rules.
        using var folder = new TempDirectory();
        var keyFile = Path.Combine(folder.Path, "workbench-key");
        await File.WriteAllTextAsync(keyFile, "wbk_stand-in", TestContext.Current.CancellationToken);
        File.Copy(DeployMonitoring.RulesFile, Path.Combine(folder.Path, "workbench-alerts.yml"));
        var example = await File.ReadAllTextAsync(Path.Combine(DeployMonitoring.PrometheusFolder, "prometheus.example.yml"), TestContext.Current.CancellationToken);
        Assert.Contains("credentials_file: /etc/prometheus/workbench-key", example, StringComparison.Ordinal);
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "prometheus.yml"),
            example.Replace("/etc/prometheus/workbench-key", keyFile, StringComparison.Ordinal), TestContext.Current.CancellationToken);

        var check = await Promtool.RunAsync(folder.Path, "check", "config", "prometheus.yml");

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains("SUCCESS: 1 rule files found", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Dashboard_Importable_WithDatasourceAndInstanceVariablesAndItsRows()
    {
        using var dashboard = DeployMonitoring.Dashboard();
        var root = dashboard.RootElement;
        Assert.InRange(root.GetProperty("schemaVersion").GetInt32(), 36, 41);
        var variables = root.GetProperty("templating").GetProperty("list").EnumerateArray()
            .ToDictionary(v => v.GetProperty("name").GetString()!, v => v.GetProperty("type").GetString());
        Assert.Equal("datasource", variables["DS_PROMETHEUS"]);
        Assert.Equal("query", variables["instance"]);

        var panels = DeployMonitoring.Panels(dashboard).ToList();
        Assert.Equal(DashboardRows, panels.Where(p => p.GetProperty("type").GetString() == "row").Select(p => p.GetProperty("title").GetString()));
        var charts = panels.Where(p => p.GetProperty("type").GetString() != "row").ToList();
        Assert.All(charts, p => Assert.Equal("${DS_PROMETHEUS}", p.GetProperty("datasource").GetProperty("uid").GetString()));
        Assert.All(charts, p => Assert.NotEmpty(p.GetProperty("targets").EnumerateArray()));
        Assert.Equal(panels.Count, panels.Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
    }

    [Fact]
    public async Task Dashboard_Queries_AreValidPromQL()
    {
        var queries = DeployMonitoring.DashboardQueries();
        Assert.NotEmpty(queries);
        // promtool has no query checker, but it parses every rule's expression: make each query a recording rule.
        var rules = new StringBuilder("groups:\n  - name: dashboard\n    rules:\n");
        for (var i = 0; i < queries.Count; i++)
        {
            rules.Append("      - record: dashboard_query_").Append(i).Append('\n')
                .Append("        expr: ").Append(JsonSerializer.Serialize(DeployMonitoring.AsPrometheusReceivesIt(queries[i]))).Append('\n');
        }

        using var folder = new TempDirectory();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "dashboard.yml"), rules.ToString(), TestContext.Current.CancellationToken);

        var check = await Promtool.RunAsync(folder.Path, "check", "rules", "dashboard.yml");

        Assert.True(check.ExitCode == 0, check.Output);
        Assert.Contains($"SUCCESS: {queries.Count} rules found", check.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void WorkbenchMetrics_InDashboardAndRules_AreInTheOperationsMetricTable()
    {
        var documented = DocumentedMetrics().Select(BaseName).ToHashSet(StringComparer.Ordinal);
        var used = DeployMonitoring.MetricNames(
            string.Join('\n', DeployMonitoring.DashboardQueries()) + File.ReadAllText(DeployMonitoring.RulesFile), "workbench_");

        Assert.NotEmpty(used);
        var undocumented = used.Where(name => !documented.Contains(BaseName(name))).Order(StringComparer.Ordinal).ToList();
        Assert.True(undocumented.Count == 0, "Not in docs/operations.md's metric table: " + string.Join(", ", undocumented));
    }

    // The Prometheus names in the rows of the Telemetry section's metric table.
    private static IReadOnlySet<string> DocumentedMetrics()
    {
        var lines = File.ReadAllLines(Path.Combine(RepositoryPaths.Root, "docs", "operations.md"));
        var section = lines.SkipWhile(l => l != "## Telemetry").Skip(1).TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal));
        return DeployMonitoring.MetricNames(string.Join('\n', section.Where(l => l.StartsWith('|'))), "workbench_");
    }

    // A histogram is documented once for its _bucket, _sum and _count series.
    private static string BaseName(string metric)
    {
        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (metric.EndsWith(suffix, StringComparison.Ordinal))
            {
                return metric[..^suffix.Length];
            }
        }

        return metric;
    }
}

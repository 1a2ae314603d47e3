using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using RpaWorkbench.Shared;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>One scrape job: a target (host:port on 127.0.0.1) and the bearer key Prometheus reads from its credentials file.</summary>
public sealed record ScrapeJob(string Name, Uri Target, string Key);

/// <summary>
/// A throw-away Prometheus (Debian's <c>prometheus</c>, which <c>test.sh</c> installs; <c>WORKBENCH_PROMETHEUS</c> names
/// another binary) on 127.0.0.1 and a free port, scraping <see cref="ScrapeJob"/>s every second with a bearer key from a
/// credentials file, its data in a temporary folder; killed on dispose. It only scrapes the loopback targets it is given.
/// </summary>
public sealed class PrometheusServer : IAsyncDisposable
{
    public const string MetricsPath = "/metrics";
    private static readonly TimeSpan ReadyWithin = TimeSpan.FromSeconds(30);
    private const int KeptLogLines = 40;

    private readonly TempDirectory _directory = new();
    private readonly ConcurrentQueue<string> _log = new();
    private readonly HttpClient _client;
    private Process? _process;

    private PrometheusServer(int port)
    {
        BaseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}"));
        _client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
    }

    public Uri BaseAddress { get; }

    public static async Task<PrometheusServer> StartAsync(IReadOnlyList<ScrapeJob> jobs)
    {
        var server = new PrometheusServer(LocalMachine.FreeLoopbackPort());
        try
        {
            await server.StartProcessAsync(jobs);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>An instant query's samples (<c>/api/v1/query</c>): each series' labels and value; empty when nothing matched.</summary>
    public async Task<IReadOnlyList<PrometheusSample>> QueryAsync(string expression, CancellationToken cancellationToken)
    {
        var response = await _client.GetAsync("/api/v1/query?query=" + Uri.EscapeDataString(expression), cancellationToken);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        if (!response.IsSuccessStatusCode || body.GetProperty("status").GetString() != "success")
        {
            throw new InvalidOperationException($"Prometheus refused the query {expression}: {body}");
        }

        var data = body.GetProperty("data");
        if (data.GetProperty("resultType").GetString() != "vector")
        {
            throw new InvalidOperationException($"The query {expression} is not an instant vector: {data}");
        }

        return [.. data.GetProperty("result").EnumerateArray().Select(PrometheusSample.From)];
    }

    /// <summary>The single value of <paramref name="expression"/>, or null while it matches no series (not scraped yet).</summary>
    public async Task<double?> ValueAsync(string expression, CancellationToken cancellationToken) =>
        await QueryAsync(expression, cancellationToken) switch
        {
            [] => null,
            [var one] => one.Value,
            var many => throw new InvalidOperationException($"The query {expression} gave {many.Count} series, not one."),
        };

    /// <summary>The metric names Prometheus has stored (<c>/api/v1/label/__name__/values</c>).</summary>
    public async Task<IReadOnlySet<string>> MetricNamesAsync(CancellationToken cancellationToken)
    {
        var body = await _client.GetFromJsonAsync<JsonElement>("/api/v1/label/__name__/values", cancellationToken);
        return body.GetProperty("data").EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>The last lines Prometheus logged (warnings and errors), for a failing test's message.</summary>
    public string Log => string.Join('\n', _log);

    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync();
            _process.Dispose();
        }

        _client.Dispose();
        _directory.Dispose();
    }

    private async Task StartProcessAsync(IReadOnlyList<ScrapeJob> jobs)
    {
        var config = Path.Combine(_directory.Path, "prometheus.yml");
        await File.WriteAllTextAsync(config, Config(jobs));
        var start = new ProcessStartInfo(Binary())
        {
            ArgumentList =
            {
                "--config.file=" + config,
                "--storage.tsdb.path=" + Path.Combine(_directory.Path, "data"),
                "--web.listen-address=" + BaseAddress.Authority,
                "--log.level=warn",
            },
            WorkingDirectory = _directory.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("prometheus did not start.");
        _process.OutputDataReceived += (_, line) => Keep(line.Data);
        _process.ErrorDataReceived += (_, line) => Keep(line.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        await WaitUntilReadyAsync();
    }

    private string Config(IReadOnlyList<ScrapeJob> jobs)
    {
        var yaml = new StringBuilder();
        yaml.AppendLine("global:");
        yaml.AppendLine("  scrape_interval: 1s");
        yaml.AppendLine("  scrape_timeout: 1s");
        yaml.AppendLine("  evaluation_interval: 1s");
        yaml.AppendLine("scrape_configs:");
        foreach (var job in jobs)
        {
            // The key goes in a file of its own, as in production: the config never holds the secret.
            var keyFile = Path.Combine(_directory.Path, job.Name + ".key");
            File.WriteAllText(keyFile, job.Key);
            yaml.AppendLine(CultureInfo.InvariantCulture, $"  - job_name: {job.Name}");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"    metrics_path: {MetricsPath}");
            yaml.AppendLine("    authorization:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      credentials_file: {keyFile}");
            yaml.AppendLine("    static_configs:");
            yaml.AppendLine(CultureInfo.InvariantCulture, $"      - targets: [\"{job.Target.Authority}\"]");
        }

        return yaml.ToString();
    }

    private async Task WaitUntilReadyAsync()
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < ReadyWithin)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"prometheus exited at start with code {_process.ExitCode}:\n{Log}");
            }

            try
            {
                if ((await _client.GetAsync("/-/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"prometheus was not ready on {BaseAddress} within {ReadyWithin.TotalSeconds} s:\n{Log}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > KeptLogLines && _log.TryDequeue(out _))
        {
        }
    }

    private static string Binary() =>
        LocalMachine.FindProgram("WORKBENCH_PROMETHEUS", ["prometheus"], "/usr/bin")
        ?? throw new InvalidOperationException("prometheus was not found. Run ./test.sh (it installs Debian's prometheus) or set WORKBENCH_PROMETHEUS.");
}

/// <summary>One series of an instant query: its labels and value.</summary>
public sealed record PrometheusSample(IReadOnlyDictionary<string, string> Labels, double Value)
{
    internal static PrometheusSample From(JsonElement result)
    {
        var labels = result.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        // "value": [ <unix time>, "<value as text>" ]
        var text = result.GetProperty("value")[1].GetString()!;
        var value = text switch
        {
            "+Inf" => double.PositiveInfinity,
            "-Inf" => double.NegativeInfinity,
            _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
        };
        return new PrometheusSample(labels, value);
    }
}

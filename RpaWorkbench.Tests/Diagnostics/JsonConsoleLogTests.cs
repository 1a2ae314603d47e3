using System.Diagnostics;
using System.Text.Json;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Diagnostics;

/// <summary><c>Logging:Console:FormatterName=json</c> on the real process: one JSON object a line, with trace, span and request ids.</summary>
public sealed class JsonConsoleLogTests
{
    private static readonly TimeSpan LoggedWithin = TimeSpan.FromSeconds(30);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task JsonFormatter_RequestLogLine_IsJsonWithTraceSpanAndRequestIds()
    {
        using var directory = new TempDirectory();
        await using var server = await WorkbenchProcess.StartAsync(Path.Combine(directory.Path, "workbench.db"),
        [
            "--Logging:Console:FormatterName=json",
            "--Logging:LogLevel:Microsoft.Extensions.Diagnostics.HealthChecks=Debug",
        ], Ct);
        using var client = new HttpClient { BaseAddress = server.BaseAddress };
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz/ready");
        request.Headers.Add("X-Request-ID", "json-log-line-1");

        await client.SendAsync(request, Ct);

        using var line = JsonDocument.Parse(await LineWithAsync(server, "json-log-line-1"));
        var entry = line.RootElement;
        Assert.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", entry.GetProperty("Category").GetString(), StringComparison.Ordinal);
        var scopes = entry.GetProperty("Scopes").EnumerateArray().ToList();
        var activity = scopes.Single(s => s.TryGetProperty("TraceId", out _));
        Assert.Matches("^[0-9a-f]{32}$", activity.GetProperty("TraceId").GetString());
        Assert.Matches("^[0-9a-f]{16}$", activity.GetProperty("SpanId").GetString());
        Assert.Contains(scopes, s => s.TryGetProperty("XRequestId", out var id) && id.GetString() == "json-log-line-1");
    }

    // The console logger writes on its own thread: wait for the line to arrive, not for a fixed time.
    private static async Task<string> LineWithAsync(WorkbenchProcess server, string text)
    {
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < LoggedWithin)
        {
            if (server.OutputLines.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal)) is { } line)
            {
                return line;
            }

            await Task.Delay(100, Ct);
        }

        throw new TimeoutException($"No log line with {text} within {LoggedWithin.TotalSeconds} s:\n{string.Join('\n', server.OutputLines.TakeLast(20))}");
    }
}

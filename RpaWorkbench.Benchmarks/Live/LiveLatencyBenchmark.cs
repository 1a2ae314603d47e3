using System.Net.Http.Json;
using System.Security.Cryptography;
using Microsoft.Playwright;
using RpaWorkbench.Benchmarks.Accounts;
using RpaWorkbench.Benchmarks.Ingest;

namespace RpaWorkbench.Benchmarks.Live;

/// <summary>
/// <c>-- live</c>: webhook → visible in an open browser page. The Workbench runs as <c>dotnet run</c> runs it (its own
/// build output, Development, so the pages' static assets are served), Debian Chromium shows the accounts page signed
/// in, and each of <see cref="Callbacks"/> completions changes the robot's recent app to a new name; the latency is
/// from just before the POST until that name is on the page. The same run's baseline is the POST alone (the webhook
/// answering after its commit); what is left is the live stream, the page's reload and the browser's render.
/// </summary>
public static class LiveLatencyBenchmark
{
    public const string Command = "live";
    private const int Callbacks = 200;
    private const string Account = "tygj00001";
    private static readonly TimeSpan VisibleWithin = TimeSpan.FromSeconds(10);
    private static readonly string[] ChromiumPaths = ["/usr/bin/chromium", "/usr/bin/chromium-browser"];

    public static async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var apiKey = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(17));
        var password = "bench-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(9));
        await using var database = await BenchmarkDatabase.CreateAsync(cancellationToken);
        await BenchmarkAccountSeeder.SeedAsync(database.Contexts, 20, DateTime.UtcNow, cancellationToken);
        await using var server = await StartAsync(database, apiKey, password, cancellationToken);

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium(),
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { BaseURL = server.BaseAddress.ToString(), Locale = "en-US" });
        await page.GotoAsync("signin");
        await page.FillAsync("input[name='Input.UserName']", "admin");
        await page.FillAsync("input[name='Input.Password']", password);
        await page.ClickAsync("button[type=submit]");
        await page.WaitForURLAsync(url => !url.Contains("/signin", StringComparison.Ordinal),
            new PageWaitForURLOptions { WaitUntil = WaitUntilState.Commit });
        await page.GotoAsync($"accounts?search={Account}");
        await page.Locator("[data-workbench-ready=true]").WaitForAsync();

        using var robot = new HttpClient { BaseAddress = server.BaseAddress };
        robot.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        var visible = new List<double>();
        var answered = new List<double>();
        for (var i = 1; i <= Callbacks; i++)
        {
            var app = $"live-{i:D4}";
            var clock = Stopwatch.StartNew();
            var response = await robot.PostAsJsonAsync(IngestBenchmark.WebhookPath, Completion(app), cancellationToken);
            answered.Add(clock.Elapsed.TotalMilliseconds);
            response.EnsureSuccessStatusCode();
            await page.WaitForFunctionAsync("text => document.body.innerText.includes(text)", app,
                new PageWaitForFunctionOptions { Timeout = (float)VisibleWithin.TotalMilliseconds });
            visible.Add(clock.Elapsed.TotalMilliseconds);
            // Callbacks a little apart, as robots send them: each measures one update, not a burst.
            await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(50, 150)), cancellationToken);
        }

        Print(visible, answered);
        return 0;
    }

    /// <summary>
    /// The Workbench as <c>dotnet run</c> runs it (Release build output, Development), on a seeded database;
    /// <paramref name="settings"/> are more command-line settings.
    /// </summary>
    internal static Task<ServerProcess> StartAsync(
        BenchmarkDatabase database, string apiKey, string password, CancellationToken cancellationToken, string[]? settings = null)
    {
        var web = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "RpaWorkbench.Web"));
        return ServerProcess.StartAsync(
            Path.Combine(web, "bin", "Release", "net10.0", "RpaWorkbench.Web.dll"),
            [
                "--Workbench:Database:Provider", database.Provider.ToString(),
                "--ConnectionStrings:Workbench", database.ConnectionString,
                "--Workbench:Bootstrap:WebhookApiKey", apiKey,
                "--Workbench:Bootstrap:AdminUser", "admin",
                "--Workbench:Bootstrap:AdminPassword", password,
                "--Workbench:Robots:Mode", "Direct",
                "--Workbench:Scheduler:Enabled", "false",
                "--Logging:LogLevel:Default", "Warning",
                .. settings ?? [],
            ],
            new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Development", ["DOTNET_ENVIRONMENT"] = "Development" },
            web,
            Path.Combine(database.Folder, "server.log"),
            "healthz",
            cancellationToken);
    }

    // Ends now (an older run would be stored without changing the robot's state); the execution id keeps each run apart.
    internal static Dictionary<string, object> Completion(string app)
    {
        var end = DateTime.UtcNow;
        return new()
        {
            ["shadow_bot_account"] = Account,
            ["app_name"] = app,
            ["status"] = "completed",
            ["execution_id"] = $"{app}-{Guid.NewGuid():N}",
            ["start_time"] = end.AddSeconds(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["end_time"] = end.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
            ["result_summary"] = new Dictionary<string, int> { ["total_items"] = 1, ["success_items"] = 1, ["failed_items"] = 0 },
        };
    }

    private static void Print(List<double> visible, List<double> answered)
    {
        Console.WriteLine($"Run {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC; {Environment.ProcessorCount} CPUs; load average {File.ReadAllText("/proc/loadavg").Trim()}; {visible.Count} callbacks.");
        Console.WriteLine();
        Console.WriteLine("| Measure | p50 | p95 | max |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine($"| webhook answered (baseline) | {Percentile(answered, 0.5):F1} ms | {Percentile(answered, 0.95):F1} ms | {answered.Max():F1} ms |");
        Console.WriteLine($"| webhook → visible on the accounts page | {Percentile(visible, 0.5):F1} ms | {Percentile(visible, 0.95):F1} ms | {visible.Max():F1} ms |");
        var p95 = Percentile(visible, 0.95);
        Console.WriteLine();
        Console.WriteLine($"Target p95 < 300 ms: {(p95 < 300 ? "met" : "MISSED")} ({p95:F1} ms).");
    }

    /// <summary>The value below which <paramref name="p"/> of <paramref name="values"/> lie (nearest rank).</summary>
    internal static double Percentile(IReadOnlyCollection<double> values, double p) => values.Order().ElementAt((int)Math.Ceiling(p * values.Count) - 1);

    private static string Chromium() =>
        Environment.GetEnvironmentVariable("WORKBENCH_CHROMIUM") is { Length: > 0 } configured
            ? configured
            : ChromiumPaths.FirstOrDefault(File.Exists)
              ?? throw new InvalidOperationException("Chromium was not found: apt-get install -y chromium, or set WORKBENCH_CHROMIUM.");
}

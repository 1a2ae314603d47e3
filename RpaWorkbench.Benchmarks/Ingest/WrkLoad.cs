using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Shared;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// Closed-loop load from wrk (<c>apt-get install -y wrk</c>), far cheaper per request than a .NET client, which matters
/// when the client shares 2 cores with the server. <c>ingest.lua</c> builds a new run for every request and prints one
/// summary line, parsed here.
/// </summary>
public sealed class WrkLoad(string executable, string version) : IClosedLoad
{
    private static readonly string Script = Path.Combine(AppContext.BaseDirectory, "Ingest", "ingest.lua");

    public string Name => version;

    /// <summary>wrk from PATH, or null when it is not installed.</summary>
    public static async Task<WrkLoad?> FindAsync(CancellationToken cancellationToken)
    {
        var executable = LocalMachine.FindProgram(["wrk"]);
        if (executable is null)
        {
            return null;
        }

        // "wrk -v" prints "wrk <version> [epoll] Copyright ..." and its usage, and exits 1.
        var (output, _) = await RunAsync(executable, ["-v"], cancellationToken);
        return new WrkLoad(executable, output.Split('\n')[0].Split(" Copyright")[0].Trim());
    }

    public async Task<LoadResult> RunAsync(LoadTarget target, int connections, TimeSpan duration, long firstRun, CancellationToken cancellationToken)
    {
        var threads = Math.Min(Environment.ProcessorCount, connections);
        string[] args =
        [
            "-t", Number(threads), "-c", Number(connections), "-d", Number((long)duration.TotalSeconds) + "s", "--timeout", "10s",
            "-s", Script, target.Url.ToString(), "--",
            Number(firstRun), Number(threads), target.ApiKey ?? "-", CallbackPayload.Template, Number(CallbackPayload.Accounts),
            string.Join('|', CallbackPayload.Apps),
        ];
        var (output, exitCode) = await RunAsync(executable, args, cancellationToken);
        var line = output.Split('\n').FirstOrDefault(l => l.StartsWith("INGEST ", StringComparison.Ordinal))
                   ?? throw new InvalidOperationException($"wrk exited with code {exitCode} without a result:{Environment.NewLine}{output}");
        var values = line["INGEST ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair => pair.Split('='))
            .ToDictionary(pair => pair[0], pair => long.Parse(pair[1], CultureInfo.InvariantCulture));

        var completed = values["completed"];
        return new LoadResult(completed, completed - values["non2xx"], values["sent"], values["socket_errors"],
            TimeSpan.FromMicroseconds(values["duration_us"]), values["p50_us"] / 1000.0, values["p99_us"] / 1000.0);
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static async Task<(string Output, int ExitCode)> RunAsync(string executable, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start wrk.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (await output + await errors, process.ExitCode);
    }
}

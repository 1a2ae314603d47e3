using System.Runtime.InteropServices;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>What the run ran on, for the report: CPUs, runtime, SQLite, and the load average (other builds share the machine).</summary>
public sealed record MachineReport(DateTime StartedUtc, string Cpu, string Runtime, string Sqlite, string LoadAverageAtStart)
{
    public static async Task<MachineReport> CaptureAsync(CancellationToken cancellationToken)
    {
        var model = File.Exists("/proc/cpuinfo")
            ? (await File.ReadAllLinesAsync("/proc/cpuinfo", cancellationToken))
                .FirstOrDefault(line => line.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
            : null;
        await using var memory = new SqliteConnection("Data Source=:memory:");
        await memory.OpenAsync(cancellationToken);
        await using var version = memory.CreateCommand();
        version.CommandText = "SELECT sqlite_version();";
        var sqlite = (string)(await version.ExecuteScalarAsync(cancellationToken))!;
        return new MachineReport(
            DateTime.UtcNow,
            string.Create(CultureInfo.InvariantCulture, $"{Environment.ProcessorCount} CPUs, {model ?? RuntimeInformation.ProcessArchitecture.ToString()}"),
            $"{RuntimeInformation.FrameworkDescription} on {RuntimeInformation.OSDescription}",
            sqlite,
            await LoadAverageAsync(cancellationToken));
    }

    /// <summary>The 1, 5 and 15 minute load averages, or "n/a" off Linux.</summary>
    public static async Task<string> LoadAverageAsync(CancellationToken cancellationToken) => File.Exists("/proc/loadavg")
        ? string.Join(' ', (await File.ReadAllTextAsync("/proc/loadavg", cancellationToken)).Split(' ').Take(3))
        : "n/a";
}

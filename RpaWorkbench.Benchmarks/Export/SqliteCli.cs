using RpaWorkbench.Shared;

namespace RpaWorkbench.Benchmarks.Export;

/// <summary>What one <c>sqlite3</c> run took: wall-clock time and the CPU time it used (user + system).</summary>
public sealed record CliRun(TimeSpan Elapsed, TimeSpan Cpu);

/// <summary>The <c>sqlite3</c> command-line shell, the export's baseline: the same SELECT written as CSV to /dev/null.</summary>
public static class SqliteCli
{
    /// <summary>The path of <c>sqlite3</c> on the PATH, or null when it is not installed.</summary>
    public static string? Find() => LocalMachine.FindProgram(["sqlite3"]);

    /// <summary>Runs <c>sqlite3 -csv -header {file} {sql} &gt; /dev/null</c>; its CPU time comes from the shell's <c>times</c>.</summary>
    public static async Task<CliRun> ExportAsync(string sqlite3, string databaseFile, string sql, CancellationToken cancellationToken)
    {
        // Through the shell so the output goes straight to /dev/null, as a file download would, not through this process.
        var start = new ProcessStartInfo("/bin/sh") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { "-c", "\"$0\" -bail -csv -header \"$1\" \"$2\" > /dev/null && times", sqlite3, databaseFile, sql })
        {
            start.ArgumentList.Add(arg);
        }

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start sqlite3.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        clock.Stop();
        return process.ExitCode == 0
            ? new CliRun(clock.Elapsed, ChildrenCpu(await output))
            : throw new InvalidOperationException($"sqlite3 failed ({process.ExitCode}): {errors}");
    }

    // "times" prints the shell's user and system time, then its children's: "0m1.080000s 0m0.130000s".
    private static TimeSpan ChildrenCpu(string times)
    {
        var children = times.Split('\n', StringSplitOptions.RemoveEmptyEntries)[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return children.Select(ParseShellTime).Aggregate(TimeSpan.Zero, (sum, t) => sum + t);
    }

    private static TimeSpan ParseShellTime(string text)
    {
        var minutes = text.IndexOf('m', StringComparison.Ordinal);
        return TimeSpan.FromMinutes(int.Parse(text[..minutes], CultureInfo.InvariantCulture))
               + TimeSpan.FromSeconds(double.Parse(text[(minutes + 1)..].TrimEnd('s'), CultureInfo.InvariantCulture));
    }
}

using System.Diagnostics;
using RpaWorkbench.Shared;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// Runs Prometheus's own checker, <c>promtool</c> (Debian's <c>prometheus</c> package, which <c>test.sh</c> installs;
/// <c>WORKBENCH_PROMTOOL</c> names another binary), and returns its exit code and everything it printed.
/// </summary>
public static class Promtool
{
    private static readonly TimeSpan FinishesWithin = TimeSpan.FromSeconds(60);

    public static async Task<(int ExitCode, string Output)> RunAsync(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo(Binary())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(FinishesWithin);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill();
            throw new TimeoutException($"promtool {string.Join(' ', arguments)} did not finish within {FinishesWithin.TotalSeconds} s.");
        }

        return (process.ExitCode, await output + await errors);
    }

    private static string Binary() =>
        LocalMachine.FindProgram("WORKBENCH_PROMTOOL", ["promtool"], "/usr/bin")
        ?? throw new InvalidOperationException("promtool was not found. Run ./test.sh (it installs Debian's prometheus) or set WORKBENCH_PROMTOOL.");
}

using System.Collections.Concurrent;
using System.Diagnostics;
using RpaWorkbench.Shared;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// The real Workbench as a process of its own (<c>dotnet RpaWorkbench.Web.dll</c> from the tests' output folder) on a
/// SQLite file and a free port of 127.0.0.1, started and waited for until healthy, to be killed with SIGKILL
/// (<see cref="KillAsync"/>): no shutdown, nothing flushed, as a crash or <c>kill -9</c>.
/// </summary>
public sealed class WorkbenchProcess : IAsyncDisposable
{
    // A cold start (a fresh process JIT-compiling the whole host) takes 20 s and more on a busy 2-core machine.
    private static readonly TimeSpan HealthyWithin = TimeSpan.FromSeconds(120);
    private const int KeptErrorLines = 40;
    private const int KeptOutputLines = 2000;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _errors = new();
    private readonly ConcurrentQueue<string> _output = new();

    private WorkbenchProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The last lines the process wrote to standard output (its console logs).</summary>
    public IReadOnlyCollection<string> OutputLines => _output;

    /// <summary>Starts the Workbench on the SQLite file <paramref name="database"/> with <paramref name="settings"/> (<c>--Key=value</c>) and waits until <c>/healthz</c> answers.</summary>
    public static async Task<WorkbenchProcess> StartAsync(string database, IEnumerable<string> settings, CancellationToken cancellationToken)
    {
        var port = LocalMachine.FreeLoopbackPort();
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList =
            {
                Path.Combine(AppContext.BaseDirectory, "RpaWorkbench.Web.dll"), "--urls", $"http://127.0.0.1:{port}",
                $"--ConnectionStrings:Workbench=Data Source={database}",
                "--Logging:LogLevel:Default=Warning",
            },
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var setting in settings)
        {
            start.ArgumentList.Add(setting);
        }

        var server = new WorkbenchProcess(Process.Start(start)!, new Uri($"http://127.0.0.1:{port}"));
        server._process.OutputDataReceived += (_, line) => Keep(server._output, line.Data, KeptOutputLines);
        server._process.ErrorDataReceived += (_, line) => Keep(server._errors, line.Data, KeptErrorLines);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitUntilHealthyAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>SIGKILL, and waits until the process is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static void Keep(ConcurrentQueue<string> lines, string? line, int kept)
    {
        if (line is null)
        {
            return;
        }

        lines.Enqueue(line);
        while (lines.Count > kept && lines.TryDequeue(out _))
        {
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < HealthyWithin)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The Workbench process exited ({_process.ExitCode}) before it was healthy:\n{string.Join('\n', _errors)}");
            }

            try
            {
                if ((await client.GetAsync("/healthz", cancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // not listening yet
            }

            await Task.Delay(200, cancellationToken);
        }

        throw new TimeoutException($"The Workbench process did not become healthy within {HealthyWithin.TotalSeconds} s:\n{string.Join('\n', _errors)}");
    }
}

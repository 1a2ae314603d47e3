using System.Net;
using RpaWorkbench.Shared;

namespace RpaWorkbench.Benchmarks.Ingest;

/// <summary>
/// A server under test in its own process (as in production), listening on a free port on 127.0.0.1. Its console output
/// goes to a log file that is printed if it fails to start. Disposing it kills the process.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServerProcess(Process process, StreamWriter log, Uri baseAddress)
    {
        _process = process;
        _log = log;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    /// <summary>The server's process id (the dotnet host runs the app in its own process).</summary>
    public int ProcessId => _process.Id;

    /// <summary>CPU time the server has used so far (all its threads).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    /// <summary>Runs <c>dotnet {dll} {args} --urls http://127.0.0.1:{port}</c> and waits until GET {readyPath} answers 200.</summary>
    public static async Task<ServerProcess> StartAsync(
        string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string> environment, string workingDirectory,
        string logFile, string readyPath, CancellationToken cancellationToken)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{LocalMachine.FreeLoopbackPort()}/");
        var start = new ProcessStartInfo(DotnetHost())
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (var arg in args.Concat(["--urls", baseAddress.GetLeftPart(UriPartial.Authority)]))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var log = new StreamWriter(logFile) { AutoFlush = true };
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {dll}.");
        process.OutputDataReceived += (_, e) => Append(log, e.Data);
        process.ErrorDataReceived += (_, e) => Append(log, e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var server = new ServerProcess(process, log, baseAddress);
        try
        {
            await server.WaitReadyAsync(readyPath, cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            Console.Error.WriteLine($"{Path.GetFileName(dll)} did not start; its output:{Environment.NewLine}{await File.ReadAllTextAsync(logFile, cancellationToken)}");
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        // Also waits until its redirected output has been read to the end, so nothing writes to the log after this.
        await _process.WaitForExitAsync();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private async Task WaitReadyAsync(string readyPath, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} before it was ready.");
            }

            try
            {
                using var response = await client.GetAsync(new Uri(readyPath, UriKind.Relative), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException
                                       && !cancellationToken.IsCancellationRequested && deadline.Elapsed < StartTimeout)
            {
                // Not listening yet, or too busy starting up to answer within the client's time-out.
            }

            if (deadline.Elapsed >= StartTimeout)
            {
                throw new TimeoutException($"The server did not answer GET {readyPath} with 200 within {StartTimeout.TotalSeconds} s.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static void Append(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            log.WriteLine(line);
        }
    }

    // The dotnet host this program runs under (dotnet run starts the app host; then the one on PATH).
    private static string DotnetHost() =>
        Environment.ProcessPath is { } current && Path.GetFileNameWithoutExtension(current) == "dotnet"
            ? current
            : Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet";
}

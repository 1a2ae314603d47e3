using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Net;
using System.Text;
using RpaWorkbench.Shared;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// A throw-away <c>redis-server</c> of this test run, on 127.0.0.1 and a free port, without persistence, ended on
/// dispose. <c>test.sh</c> installs Debian's redis-server; <c>WORKBENCH_REDIS_SERVER</c> names another binary. The
/// machine's own Redis service, if any, is never touched.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(20);

    private readonly TempDirectory _directory = new();
    private Process? _process;
    private Task? _drain;

    private readonly string? _password;

    private RedisServer(int port, string? password) => (Port, _password) = (port, password);

    public int Port { get; }

    /// <summary>The connection string a Workbench would be given (<c>ConnectionStrings:Redis</c>).</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}")
                                      + (_password is null ? "" : $",password={_password}");

    /// <param name="password">A password clients must give (<c>requirepass</c>); none by default.</param>
    public static async Task<RedisServer> StartAsync(string? password = null)
    {
        var server = new RedisServer(LocalMachine.FreeLoopbackPort(), password);
        await server.RestartAsync();
        return server;
    }

    /// <summary>Starts the server (again, on the same port) and waits until it answers PING.</summary>
    public async Task RestartAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("The Redis server is already running.");
        }

        var start = new ProcessStartInfo(Binary())
        {
            ArgumentList =
            {
                "--port", Port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1",
                "--save", "", "--appendonly", "no", "--dir", _directory.Path,
            },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (_password is not null)
        {
            start.ArgumentList.Add("--requirepass");
            start.ArgumentList.Add(_password);
        }

        _process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        _drain = Task.WhenAll(_process.StandardOutput.ReadToEndAsync(), _process.StandardError.ReadToEndAsync());
        await WaitUntilAnsweringAsync();
    }

    /// <summary>Ends the server, as a crash or network loss would look to its clients.</summary>
    public async Task StopAsync()
    {
        if (_process is null)
        {
            return;
        }

        if (!_process.HasExited)
        {
            _process.Kill();
        }

        await _process.WaitForExitAsync();
        await (_drain ?? Task.CompletedTask);
        _process.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _directory.Dispose();
    }

    private async Task WaitUntilAnsweringAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                await (_drain ?? Task.CompletedTask);
                throw new InvalidOperationException($"redis-server exited at start with code {_process.ExitCode} (port {Port}).");
            }

            if (await AnswersPingAsync())
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new InvalidOperationException($"redis-server did not answer on 127.0.0.1:{Port} within {StartTimeout}.");
    }

    private async Task<bool> AnswersPingAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, Port);
            var stream = client.GetStream();
            await stream.WriteAsync("PING\r\n"u8.ToArray());
            var buffer = new byte[16];
            var read = await stream.ReadAsync(buffer);
            var answer = Encoding.ASCII.GetString(buffer, 0, read);
            return answer.StartsWith("+PONG", StringComparison.Ordinal) || answer.StartsWith("-NOAUTH", StringComparison.Ordinal);
        }
        catch (SocketException)
        {
            return false;
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static string Binary() =>
        LocalMachine.FindProgram("WORKBENCH_REDIS_SERVER", ["redis-server"], "/usr/bin", "/usr/sbin")
        ?? throw new InvalidOperationException("redis-server was not found. Run ./test.sh (it installs Debian's redis-server) or set WORKBENCH_REDIS_SERVER.");
}

/// <summary>One <see cref="RedisServer"/> shared by the tests of the <see cref="RedisCollection"/>.</summary>
public sealed class RedisServerFixture : IAsyncLifetime
{
    public RedisServer Server { get; private set; } = default!;

    public async ValueTask InitializeAsync() => Server = await RedisServer.StartAsync();

    public ValueTask DisposeAsync() => Server.DisposeAsync();
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "Redis";
}

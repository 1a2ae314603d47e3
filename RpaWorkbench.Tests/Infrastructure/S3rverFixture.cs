using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Shared;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// A real S3-compatible server (npm <c>s3rver</c> 3.7.1) on 127.0.0.1 with a temporary data folder, shared by the
/// <see cref="S3Collection"/>. It runs the copy <c>test.sh</c> installs under <c>.tools/</c> (or <c>WORKBENCH_S3RVER</c>):
/// the tests download nothing themselves. It picks its own free port (<c>-p 0</c>) and reports it.
/// </summary>
public sealed partial class S3rverFixture : IAsyncLifetime
{
    public const string Credentials = "S3RVER";
    public const string Bucket = "workbench-test";
    private const string Version = "3.7.1";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(3);

    private readonly TempDirectory _data = new();
    private Process? _server;
    private Task? _drain;

    /// <summary>The server's endpoint, <c>http://127.0.0.1:{port}/</c>.</summary>
    public Uri ServiceUrl { get; private set; } = default!;

    public async ValueTask InitializeAsync()
    {
        _server = Process.Start(StartInfo()) ?? throw new InvalidOperationException("s3rver did not start.");
        var port = await ReadPortAsync(_server);
        _drain = Task.WhenAll(_server.StandardOutput.ReadToEndAsync(), _server.StandardError.ReadToEndAsync());
        ServiceUrl = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{port}/"));
        using var client = S3Clients.Create(Options());
        await client.PutBucketAsync(Bucket);
    }

    /// <summary>Store options for this server (the shared test bucket unless another is named).</summary>
    public S3StorageOptions Options(string bucket = Bucket, TimeSpan? presignExpiry = null) => new()
    {
        ServiceUrl = ServiceUrl.ToString(),
        Bucket = bucket,
        AccessKey = Credentials,
        SecretKey = Credentials,
        PresignExpiry = presignExpiry ?? TimeSpan.FromMinutes(15),
    };

    /// <summary>The same as configuration, for a Core or a whole Workbench that should store objects here.</summary>
    public Dictionary<string, string?> Settings() => new()
    {
        ["Workbench:Storage:Provider"] = "S3",
        ["Workbench:Storage:S3:ServiceUrl"] = ServiceUrl.ToString(),
        ["Workbench:Storage:S3:Bucket"] = Bucket,
        ["Workbench:Storage:S3:AccessKey"] = Credentials,
        ["Workbench:Storage:S3:SecretKey"] = Credentials,
    };

    /// <summary>A loopback endpoint nothing listens on: calls to it fail at once, and never leave the machine.</summary>
    public static string UnreachableServiceUrl() =>
        string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{LocalMachine.FreeLoopbackPort()}/");

    public async ValueTask DisposeAsync()
    {
        if (_server is not null)
        {
            if (!_server.HasExited)
            {
                // npx starts node as a child: end the whole tree.
                _server.Kill(entireProcessTree: true);
            }

            await _server.WaitForExitAsync();
            await (_drain ?? Task.CompletedTask);
            _server.Dispose();
        }

        _data.Dispose();
    }

    private ProcessStartInfo StartInfo()
    {
        var installed = Environment.GetEnvironmentVariable("WORKBENCH_S3RVER")
                        ?? Path.Combine(RepositoryPaths.Root, ".tools", "node_modules", "s3rver", "bin", "s3rver.js");
        var start = File.Exists(installed)
            ? new ProcessStartInfo("node") { ArgumentList = { installed } }
            : throw new InvalidOperationException(
                $"s3rver {Version} was not found at {installed}. Run ./test.sh (it installs it there) or set WORKBENCH_S3RVER to its s3rver.js.");
        foreach (var argument in new[] { "-d", _data.Path, "-a", "127.0.0.1", "-p", "0", "--silent" })
        {
            start.ArgumentList.Add(argument);
        }

        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        return start;
    }

    private static async Task<int> ReadPortAsync(Process server)
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            while (await server.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (ListeningLine().Match(line) is { Success: true } match)
                {
                    return int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (OperationCanceledException)
        {
            server.Kill(entireProcessTree: true);
        }

        var errors = await server.StandardError.ReadToEndAsync();
        throw new InvalidOperationException($"s3rver did not report a port (run ./test.sh, which installs it): {errors}");
    }

    [GeneratedRegex(@"S3rver listening on 127\.0\.0\.1:(\d+)")]
    private static partial Regex ListeningLine();
}

/// <summary>Tests that use the shared <see cref="S3rverFixture"/>.</summary>
[CollectionDefinition(Name)]
public sealed class S3Collection : ICollectionFixture<S3rverFixture>
{
    public const string Name = "S3";
}

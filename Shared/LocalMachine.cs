using System.Net.Sockets;
using System.Net;

namespace RpaWorkbench.Shared;

/// <summary>
/// What the tests and benchmarks ask of this machine: a free port on 127.0.0.1, a program installed on the PATH. One
/// source file linked into both projects, like <see cref="ThrowawayPostgresServer"/>.
/// </summary>
public static class LocalMachine
{
    /// <summary>A port on 127.0.0.1 that nothing listens on at the moment of asking.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first of <paramref name="names"/> found in the PATH's folders, then in <paramref name="alsoIn"/>; null when none is.</summary>
    public static string? FindProgram(IReadOnlyList<string> names, params string[] alsoIn) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Concat(alsoIn)
            .SelectMany(folder => names.Select(name => Path.Combine(folder, name)))
            .FirstOrDefault(File.Exists);

    /// <summary>The program named by the environment variable <paramref name="overrideVariable"/> when set, else as <see cref="FindProgram"/>.</summary>
    public static string? FindProgram(string overrideVariable, IReadOnlyList<string> names, params string[] alsoIn) =>
        Environment.GetEnvironmentVariable(overrideVariable) is { Length: > 0 } configured ? configured : FindProgram(names, alsoIn);
}

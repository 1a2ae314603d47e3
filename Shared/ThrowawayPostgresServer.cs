using System.Diagnostics;
using System.Globalization;

namespace RpaWorkbench.Shared;

/// <summary>
/// A PostgreSQL server of its own in a temporary folder, listening on 127.0.0.1 and a free port only, with trust
/// authentication (nothing but this machine can reach it), from Debian's <c>postgresql</c> package (any version: the
/// binaries are found with <c>pg_config --bindir</c> or under <c>/usr/lib/postgresql/*/bin</c>). Run as the
/// <c>postgres</c> user when we are root (the server refuses root). Stopped and deleted on dispose. One source file linked
/// into the tests (PostgresServerFixture) and the benchmarks (the PostgreSQL ingest run), so neither references the other.
/// </summary>
public sealed class ThrowawayPostgresServer : IDisposable
{
    private const string ServiceUser = "postgres";
    private readonly string _bin;
    private readonly string _folder;

    private ThrowawayPostgresServer(string bin, string folder, int port)
    {
        _bin = bin;
        _folder = folder;
        Port = port;
    }

    public int Port { get; }

    /// <summary>
    /// CPU time the server has used so far (Linux): the postmaster and every backend and helper process it started,
    /// the exited ones included. For benchmarks, where the database's work runs outside the process under test.
    /// </summary>
    public TimeSpan CpuTime
    {
        get
        {
            var postmaster = int.Parse(File.ReadLines(Path.Combine(_folder, "data", "postmaster.pid")).First(), CultureInfo.InvariantCulture);
            var ticks = 0L;
            foreach (var process in Directory.EnumerateDirectories("/proc"))
            {
                if (!int.TryParse(Path.GetFileName(process), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
                {
                    continue;
                }

                // "pid (name) state ppid … utime stime cutime cstime …": fields counted after the name, which may hold spaces.
                string[] fields;
                try
                {
                    var text = File.ReadAllText(Path.Combine(process, "stat"));
                    fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    continue; // a process that just exited
                }

                var ppid = int.Parse(fields[1], CultureInfo.InvariantCulture);
                if (pid == postmaster)
                {
                    ticks += Enumerable.Range(11, 4).Sum(i => long.Parse(fields[i], CultureInfo.InvariantCulture)); // its own and its reaped children's
                }
                else if (ppid == postmaster)
                {
                    ticks += long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
                }
            }

            // /proc counts in USER_HZ, 100 per second on Linux.
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
    }

    /// <summary>A connection string to one database of this server as its superuser.</summary>
    public string ConnectionString(string database = "postgres") =>
        string.Create(CultureInfo.InvariantCulture, $"Host=127.0.0.1;Port={Port};Username={ServiceUser};Database={database}");

    /// <summary>Creates an empty database (createdb over loopback) and returns its connection string.</summary>
    public string CreateDatabase(string name)
    {
        RunAsServiceUser(Path.Combine(_bin, "createdb"), "-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", ServiceUser, name);
        return ConnectionString(name);
    }

    /// <summary>Whether the server binaries are installed, so a caller can skip PostgreSQL instead of failing.</summary>
    public static bool IsInstalled
    {
        get
        {
            try
            {
                FindBinDirectory();
                return true;
            }
            catch (InvalidOperationException)
            {
                return false;
            }
        }
    }

    /// <param name="durable">False for tests: no fsync (a crashed test server is thrown away anyway).</param>
    public static ThrowawayPostgresServer Start(bool durable = false)
    {
        var bin = FindBinDirectory();
        var folder = Directory.CreateTempSubdirectory("rpa-workbench-postgres-").FullName;
        var data = Path.Combine(folder, "data");
        if (IsRoot)
        {
            Run("chown", ServiceUser, folder);
        }

        RunAsServiceUser(Path.Combine(bin, "initdb"), "-D", data, "-U", ServiceUser, "--auth=trust", "--no-locale", "-E", "UTF8", "--no-sync");
        var port = LocalMachine.FreeLoopbackPort();
        var options = string.Create(CultureInfo.InvariantCulture,
            $"-h 127.0.0.1 -p {port} -k {folder} -c max_connections=200 -c shared_buffers=128MB{(durable ? "" : " -F -c synchronous_commit=off -c full_page_writes=off")}");
        var server = new ThrowawayPostgresServer(bin, folder, port);
        RunAsServiceUser(Path.Combine(bin, "pg_ctl"), "-D", data, "-o", options, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start");
        return server;
    }

    public void Dispose()
    {
        try
        {
            RunAsServiceUser(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_folder, "data"), "-m", "immediate", "-w", "stop");
        }
        finally
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string FindBinDirectory()
    {
        var candidates = new List<string>();
        try
        {
            var configured = Run("pg_config", "--bindir").Trim();
            candidates.Add(configured);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            // No pg_config (it comes with the development package): look where Debian installs the servers.
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(d => int.TryParse(Path.GetFileName(d), out var version) ? version : 0)
                .Select(d => Path.Combine(d, "bin")));
        }

        return candidates.FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("No PostgreSQL server found: install it with `apt-get install -y postgresql` (test.sh does).");
    }

    private static string RunAsServiceUser(string program, params string[] arguments) =>
        IsRoot ? Run("runuser", ["-u", ServiceUser, "--", program, .. arguments]) : Run(program, arguments);

    private static string Run(string program, params string[] arguments)
    {
        var start = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} did not start.");
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed ({process.ExitCode}): {error.Result}{output}");
        }

        return output;
    }
}

using System.Net;
using RpaWorkbench.Core.Storage.Proxy;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>
/// A host name that the system resolver (the one a Workbench process uses: no test network can be injected into
/// another process) answers with loopback addresses only, found at run time. HTTP steps refuse IP addresses and
/// <c>localhost</c> (and <c>*.localhost</c>), so a test that lets a real Workbench process call a server of its own
/// needs another name for loopback, and which one exists depends on the machine: Debian maps its host name to 127.0.1.1
/// in /etc/hosts, some machines map it to 127.0.0.1, and Docker containers map it to their bridge address (not loopback)
/// but list <c>ip6-localhost</c> / <c>ip6-loopback</c> for ::1. So the candidates are the machine's name, then every
/// name /etc/hosts gives a loopback address; the first that resolves only into loopback wins. Nothing leaves the machine.
/// </summary>
public sealed record WorkflowCrashLoopbackName(string Name, IReadOnlyList<IPAddress> Addresses)
{
    private const string HostsFile = "/etc/hosts";

    /// <summary>The allowed-network entries (CIDR) covering exactly <see cref="Addresses"/>.</summary>
    public IEnumerable<string> Networks => Addresses.Select(a => $"{a}/{(a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128)}");

    public static async Task<WorkflowCrashLoopbackName> FindAsync()
    {
        foreach (var name in Candidates().Where(n => HostAllowList.TryNormalizeEntry(n, out _)).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            IPAddress[] addresses;
            try
            {
                addresses = await Dns.GetHostAddressesAsync(name);
            }
            catch (System.Net.Sockets.SocketException)
            {
                continue;
            }

            if (addresses.Length > 0 && addresses.All(IPAddress.IsLoopback))
            {
                return new WorkflowCrashLoopbackName(name, addresses.Distinct().ToList());
            }
        }

        throw new InvalidOperationException(
            $"No host name on this machine resolves only to loopback (tried its name and the loopback names of {HostsFile}); "
            + "add one to /etc/hosts, e.g. \"127.0.1.1 <machine name>\".");
    }

    private static IEnumerable<string> Candidates()
    {
        yield return Dns.GetHostName();
        if (!File.Exists(HostsFile))
        {
            yield break;
        }

        foreach (var line in File.ReadLines(HostsFile))
        {
            var fields = line.Split('#')[0].Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 2 || !IPAddress.TryParse(fields[0], out var address) || !IPAddress.IsLoopback(address))
            {
                continue;
            }

            foreach (var name in fields.Skip(1))
            {
                yield return name;
            }
        }
    }
}

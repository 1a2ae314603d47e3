namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>An allowed host name resolved to an address the proxy may not connect to; no connection was opened.</summary>
internal sealed class AddressRefusedException(string host)
    : Exception($"The host {host} resolves to an address the resource proxy may not connect to.")
{
    public string Host { get; } = host;
}

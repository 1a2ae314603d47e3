namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>An allowed host name resolved to an address its client may not connect to (<see cref="AddressPolicy"/>); no connection was opened.</summary>
internal sealed class AddressRefusedException(string host)
    : Exception($"The host {host} resolves to an address outside the allowed addresses.")
{
    public string Host { get; } = host;
}

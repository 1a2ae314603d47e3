namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>A proxied body went past <see cref="ResourceProxyOptions.ProxyMaxBytes"/> while it was streamed.</summary>
public sealed class ResourceTooLargeException(long maxBytes)
    : IOException($"The resource is larger than the proxy's limit of {maxBytes} bytes.")
{
    public long MaxBytes { get; } = maxBytes;
}

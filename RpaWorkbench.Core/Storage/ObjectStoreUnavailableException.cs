namespace RpaWorkbench.Core.Storage;

/// <summary>
/// The storage itself failed (bucket unreachable or refusing the credentials, disk full or not writable). The operation
/// did not happen; trying again later may succeed. The message never contains credentials.
/// </summary>
public sealed class ObjectStoreUnavailableException(string message, Exception innerException) : Exception(message, innerException);

namespace RpaWorkbench.Core.Storage;

/// <summary>A key that <see cref="ObjectKeys.IsValid"/> refuses; nothing was read or written.</summary>
public sealed class InvalidObjectKeyException()
    : ArgumentException($"The object key is not valid: {ObjectKeys.Rule}", "key");

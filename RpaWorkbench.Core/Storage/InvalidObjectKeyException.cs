namespace RpaWorkbench.Core.Storage;

/// <summary>A key that <see cref="ObjectKeys.IsValid"/> refuses; nothing was read or written.</summary>
internal sealed class InvalidObjectKeyException()
    : ArgumentException($"The object key is not valid: {ObjectKeys.Rule}", "key");

namespace RpaWorkbench.Core.Common;

/// <summary>Input was refused; nothing was written. <see cref="Errors"/> names every bad field.</summary>
public sealed class ValidationFailedException(IReadOnlyList<FieldError> errors)
    : Exception(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")))
{
    public IReadOnlyList<FieldError> Errors { get; } = errors;
}

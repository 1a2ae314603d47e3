namespace RpaWorkbench.Core.Common;

/// <summary>An operation that breaks a business rule (not found, conflict, still in use); nothing was written.</summary>
public sealed class RuleViolationException(string code, string message, int? count = null) : Exception(message)
{
    public string Code { get; } = code;

    /// <summary>A number the message refers to (e.g. how many tasks block a delete), when there is one.</summary>
    public int? Count { get; } = count;
}

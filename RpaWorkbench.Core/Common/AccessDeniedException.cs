namespace RpaWorkbench.Core.Common;

/// <summary>
/// The caller may not do this: <see cref="ErrorCodes.SignInRequired"/> when nobody is signed in,
/// <see cref="ErrorCodes.Forbidden"/> when the user's role does not allow it. Nothing was read or written.
/// </summary>
public sealed class AccessDeniedException(string code, string message) : Exception(message)
{
    public string Code { get; } = code;
}

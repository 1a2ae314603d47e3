namespace RpaWorkbench.Core.Common;

/// <summary>
/// One rejected input field: the field name the caller used and a stable code the UI localises. <see cref="Limit"/>
/// is the number the message refers to (a minimum or maximum length, or the code point of a refused character), when there is one.
/// </summary>
public sealed record FieldError(string Field, string Code, string Message, int? Limit = null);

/// <summary>Stable codes for <see cref="FieldError.Code"/> and <see cref="RuleViolationException.Code"/>.</summary>
public static class ErrorCodes
{
    public const string Required = "Required";
    public const string TooLong = "TooLong";
    public const string InvalidCharacters = "InvalidCharacters";
    public const string InvalidHost = "InvalidHost";
    public const string PortOutOfRange = "PortOutOfRange";
    public const string DuplicateAccount = "DuplicateAccount";
    public const string DuplicateGroupName = "DuplicateGroupName";
    public const string UnknownAccounts = "UnknownAccounts";
    public const string NotFound = "NotFound";
    public const string ConcurrencyConflict = "ConcurrencyConflict";
    public const string AccountHasTasks = "AccountHasTasks";
    public const string AccountBusy = "AccountBusy";
    public const string SignInRequired = "SignInRequired";
    public const string Forbidden = "Forbidden";
    public const string DuplicateUserName = "DuplicateUserName";
    public const string InvalidUserName = "InvalidUserName";
    public const string PasswordTooShort = "PasswordTooShort";
    public const string PasswordMismatch = "PasswordMismatch";
    public const string PasswordsDiffer = "PasswordsDiffer";
    public const string AlreadySetUp = "AlreadySetUp";
    public const string LastAdmin = "LastAdmin";
    public const string WrongType = "WrongType";
    public const string OutOfRange = "OutOfRange";
    public const string InvalidValue = "InvalidValue";
    public const string InvalidTime = "InvalidTime";
    public const string EndBeforeStart = "EndBeforeStart";
    public const string InconsistentDuration = "InconsistentDuration";
    public const string CountsExceedTotal = "CountsExceedTotal";
    public const string InvalidUrl = "InvalidUrl";
    public const string InvalidFileName = "InvalidFileName";
    public const string FileTypeNotAllowed = "FileTypeNotAllowed";
    public const string EmptyFile = "EmptyFile";
    public const string FileTooLarge = "FileTooLarge";
}

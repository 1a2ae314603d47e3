namespace RpaWorkbench.Core.Configuration;

/// <summary>Messages for data annotations on options; <c>{0}</c> becomes the full configuration key.</summary>
public static class ValidationMessages
{
    public const string Between = "{0} must be between {1} and {2}.";
    public const string AtLeast = "{0} must be at least {1}.";
}

namespace RpaWorkbench.Core.Security;

/// <summary><c>Workbench:Bootstrap</c>: secrets a scripted deployment provides at first start.</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Workbench:Bootstrap";

    /// <summary>An API key to accept for webhooks (stored as a hash under the name "bootstrap"); at least 32 characters.</summary>
    public string? WebhookApiKey { get; set; }
}

namespace RpaWorkbench.Core.Security;

/// <summary><c>Workbench:Bootstrap</c>: secrets a scripted deployment provides at first start.</summary>
public sealed class BootstrapOptions
{
    public const string SectionName = "Workbench:Bootstrap";

    /// <summary>An API key to accept for webhooks (stored as a hash under the name "bootstrap"); at least 32 characters.</summary>
    public string? WebhookApiKey { get; set; }

    /// <summary>User name of an admin created at start-up while no user exists (with <see cref="AdminPassword"/>).</summary>
    public string? AdminUser { get; set; }

    /// <summary>That admin's password; it must meet the password policy (<c>Workbench:Identity:Password</c>).</summary>
    public string? AdminPassword { get; set; }

    public bool HasAdmin => !string.IsNullOrWhiteSpace(AdminUser) && !string.IsNullOrEmpty(AdminPassword);

    /// <summary>Both admin settings or neither: one alone is almost certainly a deployment mistake.</summary>
    public bool AdminSettingsComplete => HasAdmin || (string.IsNullOrWhiteSpace(AdminUser) && string.IsNullOrEmpty(AdminPassword));
}

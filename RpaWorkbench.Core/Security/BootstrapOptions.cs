using System.ComponentModel.DataAnnotations;
using RpaWorkbench.Core.ApiKeys;

namespace RpaWorkbench.Core.Security;

/// <summary><c>Workbench:Bootstrap</c>: secrets a scripted deployment provides at first start.</summary>
internal sealed class BootstrapOptions : IValidatableObject
{
    public const string SectionName = "Workbench:Bootstrap";

    /// <summary>An API key to accept for webhooks (stored as a hash under the name "bootstrap"); at least 32 characters.</summary>
    [MinLength(ApiKeySecret.MinLength, ErrorMessage = "{0} must be at least {1} characters.")]
    public string? WebhookApiKey { get; set; }

    /// <summary>User name of an admin created at start-up while no user exists (with <see cref="AdminPassword"/>).</summary>
    public string? AdminUser { get; set; }

    /// <summary>That admin's password; it must meet the password policy (<c>Workbench:Identity:Password</c>).</summary>
    public string? AdminPassword { get; set; }

    public bool HasAdmin => !string.IsNullOrWhiteSpace(AdminUser) && !string.IsNullOrEmpty(AdminPassword);

    /// <summary>Both admin settings or neither: one alone is almost certainly a deployment mistake.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!HasAdmin && !(string.IsNullOrWhiteSpace(AdminUser) && string.IsNullOrEmpty(AdminPassword)))
        {
            yield return new ValidationResult($"{SectionName}:{nameof(AdminUser)} and {SectionName}:{nameof(AdminPassword)} must be set together.");
        }
    }
}

[OptionsValidator]
internal sealed partial class BootstrapOptionsValidator : IValidateOptions<BootstrapOptions>;

internal static class BootstrapServiceCollectionExtensions
{
    public static IServiceCollection AddBootstrapOptions(this IServiceCollection services) =>
        services.AddWorkbenchOptions<BootstrapOptions, BootstrapOptionsValidator>(BootstrapOptions.SectionName, SettingsGroups.Bootstrap, s => s
            .Add(o => o.AdminUser, "Settings.BootstrapAdminUser")
            .Secret(o => o.AdminPassword, "Settings.BootstrapAdminPassword")
            .Secret(o => o.WebhookApiKey, "Settings.BootstrapWebhookApiKey")).Services;
}

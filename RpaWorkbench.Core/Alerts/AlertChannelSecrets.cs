using Microsoft.AspNetCore.DataProtection;

namespace RpaWorkbench.Core.Alerts;

/// <summary>Encrypts a channel's webhook URL, signing secret and SMTP password for storage, and decrypts them only to send (ASP.NET Core Data Protection).</summary>
public sealed class AlertChannelSecrets(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("RpaWorkbench.Alerts.Channel.v1");

    public string Protect(string secret) => _protector.Protect(secret);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key ring that encrypted it is gone.</exception>
    public string Unprotect(string protectedSecret) => _protector.Unprotect(protectedSecret);
}

using Microsoft.AspNetCore.DataProtection;

namespace RpaWorkbench.Core.Dify;

/// <summary>Encrypts Dify app API keys for storage and decrypts them only to call Dify (ASP.NET Core Data Protection).</summary>
public sealed class DifyApiKeys(IDataProtectionProvider protection)
{
    private readonly IDataProtector _protector = protection.CreateProtector("RpaWorkbench.Dify.ApiKey");

    public string Protect(string apiKey) => _protector.Protect(apiKey);

    /// <exception cref="System.Security.Cryptography.CryptographicException">The key ring that encrypted it is gone.</exception>
    public string Unprotect(string protectedKey) => _protector.Unprotect(protectedKey);
}

using System.Security.Cryptography;
using Microsoft.AspNetCore.Identity;
using RpaWorkbench.Core.Users;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// A password hash made once with the Workbench's own hasher (same algorithm, same iteration count as users' hashes),
/// checked where Identity would answer without hashing — no such user, a disabled one, one that must wait — so that how
/// long a refusal takes does not tell those apart from a wrong password.
/// </summary>
public sealed class DecoyPasswordHash
{
    private static readonly WorkbenchUser Nobody = new();
    private string? _hash;

    /// <summary>Spends the work of checking <paramref name="password"/> against a user's hash; it never matches.</summary>
    public void Check(IPasswordHasher<WorkbenchUser> hasher, string password)
    {
        var hash = LazyInitializer.EnsureInitialized(ref _hash,
            () => hasher.HashPassword(Nobody, Convert.ToBase64String(RandomNumberGenerator.GetBytes(24))));
        hasher.VerifyHashedPassword(Nobody, hash, password);
    }
}

using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Identity;

namespace RpaWorkbench.Core.Users;

/// <summary>
/// <c>Workbench:Identity:Password</c>: the password policy, under Identity's own names, applied to Identity's
/// <see cref="PasswordOptions"/>. Length over composition rules (NIST SP 800-63B): a long pass phrase beats "Passw0rd!".
/// </summary>
internal sealed class PasswordPolicyOptions
{
    public const string SectionName = IdentitySetup.SectionName + ":Password";

    [NumberRange(8)]
    public int RequiredLength { get; set; } = 10;

    public bool RequireDigit { get; set; }

    public bool RequireLowercase { get; set; }

    public bool RequireUppercase { get; set; }

    public bool RequireNonAlphanumeric { get; set; }

    public int RequiredUniqueChars { get; set; } = 1;

    internal void ApplyTo(PasswordOptions password)
    {
        password.RequiredLength = RequiredLength;
        password.RequireDigit = RequireDigit;
        password.RequireLowercase = RequireLowercase;
        password.RequireUppercase = RequireUppercase;
        password.RequireNonAlphanumeric = RequireNonAlphanumeric;
        password.RequiredUniqueChars = RequiredUniqueChars;
    }
}

[OptionsValidator]
internal sealed partial class PasswordPolicyOptionsValidator : IValidateOptions<PasswordPolicyOptions>;

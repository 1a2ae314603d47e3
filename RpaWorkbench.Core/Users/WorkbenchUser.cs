using Microsoft.AspNetCore.Identity;

namespace RpaWorkbench.Core.Users;

/// <summary>An operator who signs in to the Workbench (ASP.NET Core Identity user; password stored as Identity's hash).</summary>
public class WorkbenchUser : IdentityUser
{
    /// <summary>The name shown in the app bar, e.g. "张伟"; the user name when empty.</summary>
    public string? DisplayName { get; set; }

    /// <summary>A disabled user cannot sign in, and open sessions end at their next check.</summary>
    public bool IsDisabled { get; set; }

    public DateTime CreatedAt { get; set; }

    /// <summary>When the user last signed in successfully; null until then.</summary>
    public DateTime? LastSignInAt { get; set; }
}

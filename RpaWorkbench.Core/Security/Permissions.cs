namespace RpaWorkbench.Core.Security;

/// <summary>
/// Who may do what. Core services call the <c>Require…</c> methods before they read or write; pages ask the
/// <c>Can…</c> questions to hide what would be refused, so both follow the same rule.
/// </summary>
public static class Permissions
{
    /// <summary>Any signed-in user with one of the Workbench roles: reading accounts, tasks, logs.</summary>
    public static bool CanRead(this ICurrentUser user) => user.IsAuthenticated && Roles.All.Any(user.IsInRole);

    /// <summary>Operators and admins: creating, editing and deleting accounts and tasks.</summary>
    public static bool CanOperate(this ICurrentUser user) =>
        user.IsAuthenticated && (user.IsInRole(Roles.Admin) || user.IsInRole(Roles.Operator));

    /// <summary>Admins only: users, API keys, settings and the audit trail.</summary>
    public static bool CanAdminister(this ICurrentUser user) => user.IsAuthenticated && user.IsInRole(Roles.Admin);

    /// <summary>A robot with a robot-scoped API key (see <see cref="Roles.Robot"/>).</summary>
    public static bool IsRobot(this ICurrentUser user) => user.IsAuthenticated && user.IsInRole(Roles.Robot);

    /// <summary>
    /// A task's config JSON and config file, which may hold credentials: operators and admins (who set them), and robots
    /// (API keys), which need them to run. Not viewers.
    /// </summary>
    public static bool CanReadConfig(this ICurrentUser user) => user.CanOperate() || user.IsRobot();

    /// <summary>Robot-facing changes (a task's config file upload): operators and admins, or a robot key.</summary>
    public static void RequireOperateOrRobot(this ICurrentUser user)
    {
        if (!user.IsRobot())
        {
            user.RequireOperate();
        }
    }

    /// <summary>See <see cref="CanReadConfig"/>.</summary>
    public static void RequireReadConfig(this ICurrentUser user)
    {
        if (!user.CanReadConfig())
        {
            throw Refused(user, "read a task's configuration (operators, admins and robots only)");
        }
    }

    public static void RequireRead(this ICurrentUser user)
    {
        if (!user.CanRead())
        {
            throw Refused(user, "read this");
        }
    }

    public static void RequireOperate(this ICurrentUser user)
    {
        if (!user.CanOperate())
        {
            throw Refused(user, "change this (operators and admins only)");
        }
    }

    public static void RequireAdminister(this ICurrentUser user)
    {
        if (!user.CanAdminister())
        {
            throw Refused(user, "do this (admins only)");
        }
    }

    /// <summary>A signed-in user of any kind: changing one's own password.</summary>
    public static void RequireSignedIn(this ICurrentUser user)
    {
        if (!user.IsAuthenticated || user.Id is null)
        {
            throw Refused(user, "do this");
        }
    }

    private static AccessDeniedException Refused(ICurrentUser user, string action) => user.IsAuthenticated
        ? new AccessDeniedException(ErrorCodes.Forbidden, $"Your role does not allow you to {action}.")
        : new AccessDeniedException(ErrorCodes.SignInRequired, $"Sign in to {action}.");
}

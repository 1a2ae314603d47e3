using RpaWorkbench.Core.Audit;

namespace RpaWorkbench.Core.Security;

/// <summary>
/// <see cref="ICurrentUser"/> for work the Workbench does on its own, such as the scheduler starting a run: signed in
/// under a fixed actor name with one role, so Core services check it and the audit trail names it like a person.
/// </summary>
internal sealed class SystemActor : ICurrentUser
{
    private SystemActor(string name, string role)
    {
        Name = name;
        Roles = [role];
    }

    /// <summary>The scheduler: an operator named <see cref="AuditActors.Scheduler"/>.</summary>
    public static SystemActor Scheduler { get; } = new(AuditActors.Scheduler, Security.Roles.Operator);

    public string? Id => Name;

    public string? Name { get; }

    public string? DisplayName => Name;

    public IReadOnlyList<string> Roles { get; }

    public bool IsAuthenticated => true;

    public string? ClientAddress => null;

    public bool IsInRole(string role) => Roles.Contains(role);
}

namespace RpaWorkbench.Core.Audit;

/// <summary>
/// One thing a person (or the command line, or the system) did: who, when, what (a stable action code), to what, and
/// which fields changed. Written in the same transaction as the change it describes; never holds secrets.
/// </summary>
public class AuditEntry
{
    public long Id { get; set; }
    public DateTime AtUtc { get; set; }

    /// <summary>The user name, or <see cref="AuditActors.System"/> / <see cref="AuditActors.CommandLine"/>.</summary>
    public required string Actor { get; set; }

    /// <summary>A stable code from <see cref="AuditActions"/>, e.g. <c>account.updated</c>.</summary>
    public required string Action { get; set; }

    /// <summary>A code from <see cref="AuditTargetTypes"/>, or null for events without a target (a failed sign-in as nobody).</summary>
    public string? TargetType { get; set; }
    public string? TargetId { get; set; }

    /// <summary>What the target was called at the time (an account's task control, a user name, a key name).</summary>
    public string? TargetName { get; set; }

    /// <summary>JSON <c>{"field": {"before": …, "after": …}}</c>; for updates only the fields that changed.</summary>
    public string? Changes { get; set; }

    public string? ClientAddress { get; set; }
}

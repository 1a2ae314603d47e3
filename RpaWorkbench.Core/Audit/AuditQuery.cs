namespace RpaWorkbench.Core.Audit;

/// <summary>
/// A filter over the audit trail: whole days in the operators' time zone (both inclusive), actor and target by
/// "contains", action and target type exactly; zero-based page, newest first.
/// </summary>
public sealed record AuditQuery
{
    public const int MaxPageSize = 500;
    public const int MaxTextLength = 200;

    public const string FromField = "from";
    public const string ToField = "to";
    public const string ActorField = "actor";
    public const string ActionField = "action";
    public const string TargetTypeField = "target_type";
    public const string TargetField = "target";

    public DateOnly? From { get; init; }
    public DateOnly? To { get; init; }
    public string? Actor { get; init; }
    public string? Action { get; init; }
    public string? TargetType { get; init; }

    /// <summary>Matches the target's name or id.</summary>
    public string? Target { get; init; }

    public int Page { get; init; }
    public int PageSize { get; init; } = 50;
}

/// <summary>One audit entry as pages and exports show it.</summary>
public sealed record AuditRow(
    long Id,
    DateTime AtUtc,
    string Actor,
    string Action,
    string? TargetType,
    string? TargetId,
    string? TargetName,
    string? ChangesJson,
    string? ClientAddress)
{
    public IReadOnlyList<AuditChange> Changes => AuditChanges.Parse(ChangesJson);
}

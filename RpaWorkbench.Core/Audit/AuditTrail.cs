namespace RpaWorkbench.Core.Audit;

/// <summary>
/// Writes audit entries. <see cref="Record"/> adds the entry to the caller's DbContext, so it is saved by the same
/// SaveChanges (or committed by the same transaction) as the change it describes: a change is never stored without
/// its entry, nor an entry without its change. The actor is the current user, <see cref="AuditActors.System"/> when
/// nobody is signed in, <c>apikey:{name} ({owner})</c> for a caller with an API key. Webhooks are not audited (see docs/adr/0023-audit-trail-in-the-same-transaction.md).
/// </summary>
public sealed class AuditTrail(ICurrentUser user, TimeProvider clock)
{
    /// <summary>Adds an entry for <paramref name="action"/> on <paramref name="target"/> to <paramref name="db"/>; the caller saves it with the change.</summary>
    public AuditEntry Record(WorkbenchDbContext db, string action, AuditTarget? target, AuditChanges? changes = null, string? actor = null)
    {
        var entry = new AuditEntry
        {
            AtUtc = clock.GetUtcNow().UtcDateTime,
            Actor = actor is null ? ActorName() : Truncate(actor, AuditEntryConfiguration.MaxActorLength),
            Action = action,
            TargetType = target?.Type,
            TargetId = target?.Id,
            TargetName = target is null ? null : Truncate(target.Name, AuditEntryConfiguration.MaxTargetNameLength),
            Changes = changes?.ToJson(),
            ClientAddress = user.ClientAddress,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }

    /// <summary>Who is acting, as entries name them (the user, the API key with its owner, or the system).</summary>
    public string ActorName() => Truncate(CurrentActor() ?? AuditActors.System, AuditEntryConfiguration.MaxActorLength);

    // A key is named with its owner, so the entry shows both which key acted and for whom.
    private string? CurrentActor() => !user.IsAuthenticated ? null
        : user.ApiKey is { } key ? AuditActors.ApiKeyPrefix + key.Name + (key.Owner is null ? "" : $" ({key.Owner})")
        : user.Name;

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..length];
}

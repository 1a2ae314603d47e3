using Microsoft.AspNetCore.Identity;

namespace RpaWorkbench.Core.ApiKeys;

/// <summary>A key's owner as creating a key sees it: who, and the roles that cap the key.</summary>
internal sealed record KeyOwner(string Id, string UserName, IReadOnlyCollection<string> Roles);

/// <summary>Finds who a new key belongs to.</summary>
internal static class ApiKeyOwners
{
    /// <summary>
    /// The enabled user named <paramref name="ownerName"/>; else the signed-in user (a key's owner when a key acts);
    /// else (the command line, nobody signed in) the oldest enabled admin; null when there is none.
    /// </summary>
    public static async Task<KeyOwner?> ResolveAsync(
        WorkbenchDbContext db, ILookupNormalizer normalizer, string? ownerName, ICurrentUser user, CancellationToken cancellationToken)
    {
        var enabled = db.Users.AsNoTracking().Where(u => !u.IsDisabled);
        string? id;
        if (!string.IsNullOrWhiteSpace(ownerName))
        {
            var normalized = normalizer.NormalizeName(ownerName.Trim());
            id = await enabled.Where(u => u.NormalizedUserName == normalized).Select(u => u.Id).SingleOrDefaultAsync(cancellationToken)
                 ?? throw new ValidationFailedException([new FieldError(ApiKeyService.OwnerField, ErrorCodes.NotFound, $"No enabled user is named '{ownerName.Trim()}'.")]);
        }
        else
        {
            id = user.ApiKey?.OwnerId ?? user.Id ?? await db.UserRoles
                .Join(db.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
                .Join(enabled, userId => userId, u => u.Id, (_, u) => u)
                .OrderBy(u => u.CreatedAt).ThenBy(u => u.Id).Select(u => u.Id)
                .FirstOrDefaultAsync(cancellationToken);
        }

        // A caller that is no stored user (a system actor) owns nothing: the key is made without an owner.
        var name = id is null ? null : await enabled.Where(u => u.Id == id).Select(u => u.UserName).SingleOrDefaultAsync(cancellationToken);
        return name is null ? null : new KeyOwner(id!, name, await OwnerRoles.OfAsync(db, id!, cancellationToken));
    }
}

using Microsoft.AspNetCore.Identity;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Users.Sessions;

namespace RpaWorkbench.Core.Users;

/// <summary>
/// Workbench users: the first admin (set-up page, configuration, demo), changing one's own password, and the admins'
/// user management (create, role, disable, reset password, unlock). Each change runs Identity in a scope and a write
/// transaction of its own, together with its audit entry, so a DbContext never outlives the operation even inside a
/// Blazor circuit. Changes that should end a user's sessions renew the security stamp and delete the sessions in the
/// same transaction, so they end at once (see <see cref="UserSessionStore"/>).
/// </summary>
public sealed class UserService(
    IServiceScopeFactory scopes,
    IDbContextFactory<WorkbenchDbContext> contexts,
    ICurrentUser currentUser,
    AuditTrail audit,
    UserSessionStore sessions,
    ApiKeyAuthenticator apiKeys,
    ILookupNormalizer normalizer,
    TimeProvider clock,
    IOptions<IdentityOptions> identityOptions,
    ILogger<UserService> logger)
{
    // Any constant: the PostgreSQL advisory lock user changes take in turn ("WBUSERS").
    private const long UserAdministrationLock = 0x5742_5553_4552_53;

    /// <summary>Whether any user exists; while none does, the set-up page creates the first admin.</summary>
    public async Task<bool> AnyUsersAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(cancellationToken);
    }

    /// <summary>
    /// Creates the first user, an admin. Refused with <see cref="ErrorCodes.AlreadySetUp"/> once any user exists, also
    /// when two people submit the set-up form at the same moment: the check and the insert share one write transaction.
    /// </summary>
    public async Task<UserInfo> CreateFirstAdminAsync(NewUser input, CancellationToken cancellationToken)
    {
        ThrowIfInvalid(UserRules.Validate(input));
        var admin = await InTransactionAsync(async (users, db) =>
        {
            if (await db.Users.AnyAsync(cancellationToken))
            {
                throw AlreadySetUp();
            }

            return await AddUserAsync(users, db, input, Roles.Admin);
        }, cancellationToken);
        logger.LogInformation("First admin {UserName} created", admin.UserName);
        return admin;
    }

    /// <summary>
    /// Creates the admin named in configuration when no user exists yet; does nothing otherwise. Returns whether it did.
    /// </summary>
    public async Task<bool> EnsureBootstrapAdminAsync(string userName, string password, CancellationToken cancellationToken)
    {
        if (await AnyUsersAsync(cancellationToken))
        {
            return false;
        }

        try
        {
            await CreateFirstAdminAsync(new NewUser(userName, null, password, password), cancellationToken);
            return true;
        }
        catch (RuleViolationException ex) when (ex.Code == ErrorCodes.AlreadySetUp)
        {
            return false;
        }
        catch (ValidationFailedException ex)
        {
            // Identity's messages name the rule, never the password itself.
            throw new InvalidOperationException($"{BootstrapOptions.SectionName} admin refused: {ex.Message}", ex);
        }
    }

    /// <summary>Changes the signed-in user's password after checking the current one; the user's other sessions end.</summary>
    public async Task ChangeOwnPasswordAsync(string? currentPassword, string? newPassword, string? confirmation, CancellationToken cancellationToken)
    {
        currentUser.RequireSignedIn();
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(currentPassword))
        {
            errors.Add(new FieldError(UserRules.CurrentPasswordField, ErrorCodes.Required, "Enter your current password."));
        }

        errors.AddRange(UserRules.ValidateNewPassword(newPassword, confirmation));
        ThrowIfInvalid(errors);

        await ChangeUserAsync(currentUser.Id!, async (users, db, user) =>
        {
            Check(await users.ChangePasswordAsync(user, currentPassword!, newPassword!));
            await UserSessionStore.EndAllAsync(db, user.Id, keep: currentUser.SessionId, cancellationToken);
            return (AuditActions.UserPasswordChanged, new AuditChanges());
        }, cancellationToken);
        sessions.Announce(currentUser.Id!);
    }

    /// <summary>One page of users matching the query, with the number of matches; admins only.</summary>
    public async Task<PageResult<UserRow>> ListAsync(UserQuery query, CancellationToken cancellationToken)
    {
        currentUser.RequireAdminister();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var users = db.Users.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = LikePattern.Contains(query.Search.Trim());
            users = users.Where(u => EF.Functions.Like(SqlText.Lower(u.UserName), pattern, LikePattern.Escape)
                                  || EF.Functions.Like(SqlText.Lower(u.DisplayName), pattern, LikePattern.Escape));
        }

        var total = await users.CountAsync(cancellationToken);
        var pageSize = Math.Clamp(query.PageSize, 1, UserQuery.MaxPageSize);
        var page = await Sort(users, query)
            .Skip(Math.Max(query.Page, 0) * pageSize)
            .Take(pageSize)
            .Select(u => new
            {
                u.Id, u.UserName, u.DisplayName, u.IsDisabled, u.LockoutEnd, u.CreatedAt, u.LastSignInAt,
                Role = db.UserRoles.Where(r => r.UserId == u.Id).Join(db.Roles, r => r.RoleId, role => role.Id, (_, role) => role.Name).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        // SQLite cannot compare DateTimeOffset values, so whether a lockout is still running is decided here.
        var now = clock.GetUtcNow();
        return new PageResult<UserRow>(
            page.Select(u => new UserRow(u.Id, u.UserName!, u.DisplayName, u.Role, u.IsDisabled,
                u.LockoutEnd > now ? u.LockoutEnd.Value.UtcDateTime : null, u.CreatedAt, u.LastSignInAt)).ToList(),
            total);
    }

    /// <summary>Creates a user with one role and an initial password; admins only. Identity's password rules give field errors.</summary>
    public async Task<UserInfo> CreateAsync(NewUser input, string? role, CancellationToken cancellationToken)
    {
        currentUser.RequireAdminister();
        var errors = UserRules.Validate(input);
        errors.AddRange(new[] { UserRules.CheckRole(role) }.OfType<FieldError>());
        ThrowIfInvalid(errors);
        var created = await InTransactionAsync((users, db) => AddUserAsync(users, db, input, role!), cancellationToken);
        logger.LogInformation("User {UserName} ({Role}) created by {Admin}", created.UserName, role, currentUser.Name);
        return created;
    }

    /// <summary>Gives the user another role; their sessions end. Refused for the last enabled admin.</summary>
    public async Task ChangeRoleAsync(string userId, string? role, CancellationToken cancellationToken)
    {
        currentUser.RequireAdminister();
        ThrowIfInvalid(new[] { UserRules.CheckRole(role) }.OfType<FieldError>().ToList());
        await ChangeUserAsync(userId, async (users, db, user) =>
        {
            var current = await users.GetRolesAsync(user);
            if (current.SequenceEqual([role!]))
            {
                return null;
            }

            if (current.Contains(Roles.Admin) && !user.IsDisabled)
            {
                await EnsureAnotherActiveAdminAsync(db, user.Id, cancellationToken);
            }

            Check(await users.RemoveFromRolesAsync(user, current));
            Check(await users.AddToRoleAsync(user, role!));
            Check(await users.UpdateSecurityStampAsync(user));
            await UserSessionStore.EndAllAsync(db, user.Id, keep: null, cancellationToken);
            return (AuditActions.UserRoleChanged, new AuditChanges().Field(UserRules.RoleField, string.Join(",", current), role));
        }, cancellationToken);
        sessions.Announce(userId);
        apiKeys.ForgetOwner(userId);
    }

    /// <summary>Disables (sessions end, sign-in refused) or enables a user. Disabling the last enabled admin is refused.</summary>
    public async Task SetDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken)
    {
        currentUser.RequireAdminister();
        await ChangeUserAsync(userId, async (users, db, user) =>
        {
            if (user.IsDisabled == disabled)
            {
                return null;
            }

            if (disabled && await users.IsInRoleAsync(user, Roles.Admin))
            {
                await EnsureAnotherActiveAdminAsync(db, user.Id, cancellationToken);
            }

            user.IsDisabled = disabled;
            // Saves the flag with a new security stamp.
            Check(await users.UpdateSecurityStampAsync(user));
            await UserSessionStore.EndAllAsync(db, user.Id, keep: null, cancellationToken);
            return (disabled ? AuditActions.UserDisabled : AuditActions.UserEnabled, new AuditChanges().Field("disabled", !disabled, disabled));
        }, cancellationToken);
        sessions.Announce(userId);
        apiKeys.ForgetOwner(userId);
    }

    /// <summary>Sets a new password chosen by an admin; the user's sessions end. Identity's password rules give field errors.</summary>
    public async Task ResetPasswordAsync(string userId, string? password, string? confirmation, CancellationToken cancellationToken)
    {
        currentUser.RequireAdminister();
        ThrowIfInvalid(UserRules.ValidateNewPassword(password, confirmation).ToList());
        await ChangeUserAsync(userId, async (users, db, user) =>
        {
            // Both renew the security stamp; AddPassword checks the policy, and a refusal rolls the removal back.
            Check(await users.RemovePasswordAsync(user));
            Check(await users.AddPasswordAsync(user, password!));
            await UserSessionStore.EndAllAsync(db, user.Id, keep: null, cancellationToken);
            return (AuditActions.UserPasswordReset, new AuditChanges());
        }, cancellationToken);
        sessions.Announce(userId);
    }

    /// <summary>Ends a lockout after repeated wrong passwords, and forgets the failed attempts.</summary>
    public Task UnlockAsync(string userId, CancellationToken cancellationToken)
    {
        currentUser.RequireAdminister();
        return ChangeUserAsync(userId, async (users, _, user) =>
        {
            var lockedUntil = user.LockoutEnd > clock.GetUtcNow() ? user.LockoutEnd.Value.UtcDateTime : (DateTime?)null;
            if (lockedUntil is null && user.AccessFailedCount == 0)
            {
                return null;
            }

            Check(await users.SetLockoutEndDateAsync(user, null));
            Check(await users.ResetAccessFailedCountAsync(user));
            return (AuditActions.UserUnlocked, new AuditChanges().Field("locked_until", lockedUntil, null));
        }, cancellationToken);
    }

    /// <summary>
    /// Audits a sign-in attempt and, when it succeeded, remembers when. The typed name is kept only when it is a real
    /// user's (people type passwords into the wrong field); other attempts are recorded as <see cref="AuditActors.Anonymous"/>.
    /// </summary>
    public async Task RecordSignInAsync(string userName, SignInOutcome outcome, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var normalized = normalizer.NormalizeName(userName);
        var user = await db.Users.AsNoTracking().Where(u => u.NormalizedUserName == normalized)
            .Select(u => new { u.Id, u.UserName }).SingleOrDefaultAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (outcome == SignInOutcome.Succeeded && user is not null)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Users.Where(u => u.Id == user.Id).ExecuteUpdateAsync(s => s.SetProperty(u => u.LastSignInAt, now), cancellationToken);
        }

        var action = outcome switch
        {
            SignInOutcome.Succeeded => AuditActions.SignInSucceeded,
            SignInOutcome.LockedOut => AuditActions.SignInLockedOut,
            SignInOutcome.Throttled => AuditActions.SignInThrottled,
            _ => AuditActions.SignInFailed,
        };
        audit.Record(db, action, user is null ? null : Target(user.Id, user.UserName!), actor: user?.UserName ?? AuditActors.Anonymous);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // Identity (in a scope of its own) and the audit entry in one write transaction that a concurrent change waits for
    // and then sees (the first admin, the last admin).
    private async Task<T> InTransactionAsync<T>(Func<UserManager<WorkbenchUser>, WorkbenchDbContext, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
        await using var transaction = await WorkbenchDatabase.BeginExclusiveAsync(db.Database, UserAdministrationLock, cancellationToken);
        var result = await work(users, db);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return result;
    }

    // Loads the user and applies the change; the change returns what to audit, or null when there was nothing to do.
    private async Task ChangeUserAsync(
        string userId,
        Func<UserManager<WorkbenchUser>, WorkbenchDbContext, WorkbenchUser, Task<(string Action, AuditChanges Changes)?>> change,
        CancellationToken cancellationToken) =>
        await InTransactionAsync(async (users, db) =>
        {
            var user = await users.FindByIdAsync(userId)
                       ?? throw new RuleViolationException(ErrorCodes.NotFound, "This user no longer exists (it may have been deleted).");
            if (await change(users, db, user) is { } done)
            {
                audit.Record(db, done.Action, Target(user.Id, user.UserName!), done.Changes);
                logger.LogInformation("{Action} for user {UserName} by {Actor}", done.Action, user.UserName, currentUser.Name);
            }

            return true;
        }, cancellationToken);

    private async Task<UserInfo> AddUserAsync(UserManager<WorkbenchUser> users, WorkbenchDbContext db, NewUser input, string role)
    {
        var user = new WorkbenchUser
        {
            UserName = input.UserName!.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? null : input.DisplayName.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        Check(await users.CreateAsync(user, input.Password!));
        Check(await users.AddToRoleAsync(user, role));
        audit.Record(db, AuditActions.UserCreated, Target(user.Id, user.UserName), new AuditChanges()
            .Field("user_name", null, user.UserName)
            .Field("display_name", null, user.DisplayName)
            .Field(UserRules.RoleField, null, role));
        return ToInfo(user);
    }

    // Inside the write transaction, so two admins demoting each other at the same moment cannot both succeed.
    private static async Task EnsureAnotherActiveAdminAsync(WorkbenchDbContext db, string userId, CancellationToken cancellationToken)
    {
        var another = await db.UserRoles
            .Join(db.Roles.Where(r => r.Name == Roles.Admin), ur => ur.RoleId, r => r.Id, (ur, _) => ur.UserId)
            .Join(db.Users.Where(u => !u.IsDisabled && u.Id != userId), id => id, u => u.Id, (id, _) => id)
            .AnyAsync(cancellationToken);
        if (!another)
        {
            throw new RuleViolationException(ErrorCodes.LastAdmin,
                "This is the last enabled admin; make another user an admin first, so someone can still manage the Workbench.");
        }
    }

    private static IQueryable<WorkbenchUser> Sort(IQueryable<WorkbenchUser> users, UserQuery query)
    {
        var sorted = query.SortBy switch
        {
            UserSort.DisplayName => users.SortBy(u => u.DisplayName, query.Descending),
            UserSort.Created => users.SortBy(u => u.CreatedAt, query.Descending),
            UserSort.LastSignIn => users.SortBy(u => u.LastSignInAt, query.Descending),
            _ => users.SortBy(u => u.UserName, query.Descending),
        };
        return query.Descending ? sorted.ThenByDescending(u => u.Id) : sorted.ThenBy(u => u.Id);
    }

    private static void ThrowIfInvalid(List<FieldError> errors)
    {
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }
    }

    private void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw UserRules.ToValidationFailure(result, identityOptions.Value);
        }
    }

    private static AuditTarget Target(string id, string userName) => new(AuditTargetTypes.User, id, userName);

    private static UserInfo ToInfo(WorkbenchUser user) =>
        new(user.Id, user.UserName!, user.DisplayName, user.IsDisabled, user.CreatedAt);

    private static RuleViolationException AlreadySetUp() =>
        new(ErrorCodes.AlreadySetUp, "The Workbench is already set up: an admin exists. Sign in instead.");
}

using System.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;

namespace RpaWorkbench.Core.Users;

/// <summary>
/// Workbench users: the first admin (set-up page, configuration, demo) and changing one's own password. Each operation
/// runs Identity in a scope of its own, so a DbContext never outlives the operation even inside a Blazor circuit.
/// </summary>
public sealed class UserService(
    IServiceScopeFactory scopes,
    IDbContextFactory<WorkbenchDbContext> contexts,
    ICurrentUser currentUser,
    TimeProvider clock,
    IOptions<IdentityOptions> identityOptions,
    ILogger<UserService> logger)
{
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
        var errors = UserRules.Validate(input);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        var db = scope.ServiceProvider.GetRequiredService<WorkbenchDbContext>();
        // Serializable is BEGIN IMMEDIATE on SQLite: a second set-up waits here and then sees the first admin.
        await using var transaction = await db.Database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        if (await db.Users.AnyAsync(cancellationToken))
        {
            throw AlreadySetUp();
        }

        var user = new WorkbenchUser
        {
            UserName = input.UserName!.Trim(),
            DisplayName = string.IsNullOrWhiteSpace(input.DisplayName) ? null : input.DisplayName.Trim(),
            CreatedAt = clock.GetUtcNow().UtcDateTime,
        };
        Check(await users.CreateAsync(user, input.Password!));
        Check(await users.AddToRoleAsync(user, Roles.Admin));
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("First admin {UserName} created", user.UserName);
        return ToInfo(user);
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

    /// <summary>Changes the signed-in user's password after checking the current one; other sessions of the user end.</summary>
    public async Task ChangeOwnPasswordAsync(string? currentPassword, string? newPassword, string? confirmation, CancellationToken cancellationToken)
    {
        currentUser.RequireSignedIn();
        var errors = new List<FieldError>();
        if (string.IsNullOrEmpty(currentPassword))
        {
            errors.Add(new FieldError(UserRules.CurrentPasswordField, ErrorCodes.Required, "Enter your current password."));
        }

        errors.AddRange(UserRules.ValidateNewPassword(newPassword, confirmation));
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        var user = await users.FindByIdAsync(currentUser.Id!)
                   ?? throw new RuleViolationException(ErrorCodes.NotFound, "Your user no longer exists.");
        cancellationToken.ThrowIfCancellationRequested();
        Check(await users.ChangePasswordAsync(user, currentPassword!, newPassword!));
        logger.LogInformation("User {UserName} changed their password", user.UserName);
    }

    private void Check(IdentityResult result)
    {
        if (!result.Succeeded)
        {
            throw UserRules.ToValidationFailure(result, identityOptions.Value);
        }
    }

    private static UserInfo ToInfo(WorkbenchUser user) =>
        new(user.Id, user.UserName!, user.DisplayName, user.IsDisabled, user.CreatedAt);

    private static RuleViolationException AlreadySetUp() =>
        new(ErrorCodes.AlreadySetUp, "The Workbench is already set up: an admin exists. Sign in instead.");
}

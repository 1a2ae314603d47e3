using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users;

/// <summary>
/// An admin's change to a user ends that user's open sessions: the check every session runs each minute (cookie and
/// circuit, <c>ValidateSecurityStampAsync</c>) no longer accepts them.
/// </summary>
public sealed class UserSessionTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private const string Password = "session pass phrase";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Changes => ["role", "disable", "reset_password"];

    [Theory]
    [MemberData(nameof(Changes))]
    public async Task AdminChange_OpenSessionStopsValidating(string change)
    {
        var userName = "session-" + change;
        await app.AddUserAsync(userName, Password, Roles.Operator);
        await using var scope = app.Services.CreateAsyncScope();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<WorkbenchUser>>();
        var user = (await scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>().FindByNameAsync(userName))!;
        var session = await signIn.CreateUserPrincipalAsync(user);
        Assert.NotNull(await signIn.ValidateSecurityStampAsync(session));

        var users = WorkbenchAppFactory.AsAdmin<UserService>(scope);
        await (change switch
        {
            "role" => users.ChangeRoleAsync(user.Id, Roles.Viewer, Ct),
            "disable" => users.SetDisabledAsync(user.Id, disabled: true, Ct),
            _ => users.ResetPasswordAsync(user.Id, "the admin's choice", "the admin's choice", Ct),
        });

        await using var after = app.Services.CreateAsyncScope();
        Assert.Null(await after.ServiceProvider.GetRequiredService<SignInManager<WorkbenchUser>>().ValidateSecurityStampAsync(session));
    }
}

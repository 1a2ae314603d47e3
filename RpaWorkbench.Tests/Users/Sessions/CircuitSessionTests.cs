using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users.Sessions;

/// <summary>
/// An open page (a Blazor circuit) holds its user for hours; when that user's session ends, the circuit loses the user
/// as soon as the Workbench hears of it, not at its next once-a-minute revalidation.
/// </summary>
public sealed class CircuitSessionTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private const string Password = "circuit pass phrase";

    // Far below the circuit's one-minute revalidation: only being told can end the circuit's user this soon.
    private static readonly TimeSpan Promptly = TimeSpan.FromSeconds(15);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AdminDisablesUser_OpenCircuitLosesTheUserPromptly()
    {
        await app.AddUserAsync("circuit-disabled", Password, Roles.Operator);
        var cookie = await SavedSession.SignInAsync(app.Browser(), "circuit-disabled", Password);
        await using var circuit = await CircuitAsync(cookie);

        await using (var scope = app.Services.CreateAsyncScope())
        {
            var user = (await scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>().FindByNameAsync("circuit-disabled"))!;
            await WorkbenchAppFactory.AsAdmin<UserService>(scope).SetDisabledAsync(user.Id, disabled: true, Ct);
        }

        var after = await circuit.NextUser.WaitAsync(Promptly, Ct);
        Assert.False(after.Identity?.IsAuthenticated);
    }

    [Fact]
    public async Task SignOutInAnotherTab_OpenCircuitOfThatSessionLosesTheUserPromptly()
    {
        await app.AddUserAsync("circuit-signed-out", Password, Roles.Viewer);
        var browser = app.Browser();
        var cookie = await SavedSession.SignInAsync(browser, "circuit-signed-out", Password);
        await using var circuit = await CircuitAsync(cookie);

        await SavedSession.SignOutAsync(browser, Ct);

        var after = await circuit.NextUser.WaitAsync(Promptly, Ct);
        Assert.False(after.Identity?.IsAuthenticated);
    }

    // The authentication state a circuit opened with this cookie starts from: the user the cookie signs in, as the
    // host's own cookie handler reads it.
    private async Task<OpenCircuit> CircuitAsync(string cookie)
    {
        var scope = app.Services.CreateAsyncScope();
        var request = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        request.Request.Headers.Cookie = cookie;
        var signedIn = await request.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        Assert.True(signedIn.Succeeded, "The cookie signs in before the session ends.");

        var states = scope.ServiceProvider.GetRequiredService<AuthenticationStateProvider>();
        ((IHostEnvironmentAuthenticationStateProvider)states).SetAuthenticationState(Task.FromResult(new AuthenticationState(signedIn.Principal!)));
        return new OpenCircuit(scope, states);
    }

    private sealed class OpenCircuit : IAsyncDisposable
    {
        private readonly AsyncServiceScope _scope;
        private readonly TaskCompletionSource<ClaimsPrincipal> _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public OpenCircuit(AsyncServiceScope scope, AuthenticationStateProvider states)
        {
            _scope = scope;
            states.AuthenticationStateChanged += async state => _next.TrySetResult((await state).User);
        }

        /// <summary>The user the circuit has after its next authentication state change.</summary>
        public Task<ClaimsPrincipal> NextUser => _next.Task;

        public ValueTask DisposeAsync() => _scope.DisposeAsync();
    }
}

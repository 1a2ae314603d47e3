using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// Hands the circuit's authentication state to <see cref="CurrentUser"/> before any component renders, and again
/// whenever it changes (reconnect, or revalidation finding the user disabled or their password changed). The client
/// address (for the audit trail) is read from the request of the circuit's connection while the circuit opens or
/// reconnects, the moments that request is at hand.
/// </summary>
internal sealed class CurrentUserCircuitHandler(
    AuthenticationStateProvider states,
    CurrentUser user,
    IHttpContextAccessor http,
    ILogger<CurrentUserCircuitHandler> logger) : CircuitHandler, IDisposable
{
    public override async Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        states.AuthenticationStateChanged += OnAuthenticationStateChanged;
        user.UseCircuitAddress(ConnectionAddress());
        await RefreshAsync(states.GetAuthenticationStateAsync());
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        user.UseCircuitAddress(ConnectionAddress());
        return RefreshAsync(states.GetAuthenticationStateAsync());
    }

    public void Dispose() => states.AuthenticationStateChanged -= OnAuthenticationStateChanged;

    private string? ConnectionAddress() => http.HttpContext?.Connection.RemoteIpAddress?.ToString();

    private void OnAuthenticationStateChanged(Task<AuthenticationState> state) => _ = RefreshAsync(state);

    private async Task RefreshAsync(Task<AuthenticationState> state)
    {
        try
        {
            user.UseCircuitUser((await state).User);
        }
        catch (InvalidOperationException ex)
        {
            // Fail closed: a circuit whose user cannot be determined acts as nobody.
            logger.LogWarning(ex, "The circuit's authentication state could not be read; treating it as signed out");
            user.UseCircuitUser(null);
        }
    }
}

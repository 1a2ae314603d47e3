using System.Security.Claims;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Web.Features.ApiKeys;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// <see cref="ICurrentUser"/> for both kinds of caller: inside a Blazor circuit the circuit's user (kept current by
/// <see cref="CurrentUserCircuitHandler"/>, as the ASP.NET Core docs recommend — a circuit must not read
/// <c>HttpContext</c>), otherwise the user of the HTTP request being handled (pages rendered statically, APIs).
/// </summary>
public sealed class CurrentUser(IHttpContextAccessor http) : ICurrentUser
{
    private static readonly ClaimsPrincipal Nobody = new(new ClaimsIdentity());
    private ClaimsPrincipal? _circuitUser;
    private string? _circuitAddress;

    public string? Id => IsAuthenticated ? Principal.FindFirstValue(ClaimTypes.NameIdentifier) : null;

    public string? Name => IsAuthenticated ? Principal.Identity!.Name : null;

    public string? DisplayName => IsAuthenticated ? Principal.FindFirstValue(WorkbenchClaims.DisplayName) ?? Name : null;

    public IReadOnlyList<string> Roles => IsAuthenticated ? Core.Security.Roles.All.Where(Principal.IsInRole).ToList() : [];

    public bool IsAuthenticated => Principal.Identity?.IsAuthenticated == true;

    public string? SessionId => IsAuthenticated ? Principal.FindFirstValue(WorkbenchClaims.SessionId) : null;

    public string? ClientAddress => _circuitUser is null ? http.HttpContext?.Connection.RemoteIpAddress?.ToString() : _circuitAddress;

    public ApiKeyCaller? ApiKey => IsAuthenticated && Principal.Identity!.AuthenticationType == ApiKeyAuthenticationHandler.SchemeName
        ? new ApiKeyCaller(long.Parse(Principal.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim)!, CultureInfo.InvariantCulture), Name!,
            Principal.FindFirstValue(ApiKeyAuthenticationHandler.OwnerIdClaim), Principal.FindFirstValue(ApiKeyAuthenticationHandler.OwnerClaim))
        : null;

    private ClaimsPrincipal Principal => _circuitUser ?? http.HttpContext?.User ?? Nobody;

    public bool IsInRole(string role) => IsAuthenticated && Principal.IsInRole(role);

    /// <summary>Called for circuits only: from then on this scope answers with the circuit's user.</summary>
    internal void UseCircuitUser(ClaimsPrincipal? user) => _circuitUser = user ?? Nobody;

    /// <summary>The circuit's client address, read from its connection's request when the circuit opens or reconnects.</summary>
    internal void UseCircuitAddress(string? address) => _circuitAddress = address ?? _circuitAddress;

    /// <summary>The <c>apikey</c> command line: an admin named "cli", so its changes are allowed and audited as such.</summary>
    internal void UseCommandLine() => _circuitUser = new ClaimsPrincipal(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, AuditActors.CommandLine), new Claim(ClaimTypes.Role, Core.Security.Roles.Admin)], authenticationType: "cli"));
}

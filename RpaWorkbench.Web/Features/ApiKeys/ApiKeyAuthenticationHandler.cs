using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using RpaWorkbench.Core.ApiKeys;

namespace RpaWorkbench.Web.Features.ApiKeys;

/// <summary>
/// Authenticates robots and scripts by <c>X-Api-Key: &lt;key&gt;</c> or <c>Authorization: Bearer &lt;key&gt;</c>; on a route
/// marked <see cref="ApiKeyInQuery"/> only, also by <c>?key=&lt;key&gt;</c>.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string QueryName = "key";
    public const string KeyIdClaim = "api_key_id";
    public const string OwnerIdClaim = "api_key_owner_id";
    public const string OwnerClaim = "api_key_owner";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = Presented(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var key = await keys.AuthenticateAsync(presented, Context.RequestAborted);
        if (key is null)
        {
            return AuthenticateResult.Fail("The API key is not valid, has expired or has been revoked, or its owner is disabled.");
        }

        // The key's role as the Core computed it: Roles.Robot for robot keys (robot-facing operations only), else a
        // Workbench role no higher than its owner's. Core services check it through ICurrentUser as for people.
        // Pages never see it: they accept the sign-in cookie only.
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, key.Name),
            new(KeyIdClaim, key.KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new(ClaimTypes.Role, key.Role),
        };
        if (key.OwnerId is not null)
        {
            claims.Add(new Claim(OwnerIdClaim, key.OwnerId));
            claims.Add(new Claim(OwnerClaim, key.Owner ?? ""));
        }

        var identity = new ClaimsIdentity(claims, SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        var inQuery = Context.GetEndpoint()?.Metadata.GetMetadata<ApiKeyInQuery>() is null ? "" : $" or '?{QueryName}=<key>'";
        return ApiProblems.Status(Context, StatusCodes.Status401Unauthorized, "API key required",
            $"Send a valid, unexpired, unrevoked API key as '{HeaderName}: <key>' or 'Authorization: Bearer <key>'{inQuery}.").ExecuteAsync(Context);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        ApiProblems.Status(Context, StatusCodes.Status403Forbidden, "Forbidden",
            "This API key's scope does not allow this route (see docs/api-keys.md).").ExecuteAsync(Context);

    /// <summary>Whether the request carries an API key at all (valid or not).</summary>
    public static bool IsPresented(HttpRequest request) => Presented(request) is not null;

    private static string? Presented(HttpRequest request)
    {
        var header = request.Headers[HeaderName].ToString().Trim();
        if (header.Length > 0)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString();
        if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return authorization[7..].Trim();
        }

        // A key in the URL ends up in access logs, so only callers that cannot send headers may use it, on their route.
        var query = request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<ApiKeyInQuery>() is null
            ? ""
            : request.Query[QueryName].ToString().Trim();
        return query.Length > 0 ? query : null;
    }
}

/// <summary>Marks the one route whose caller cannot send headers (ShadowBot's callback): the key may come as <c>?key=</c>.</summary>
public sealed class ApiKeyInQuery;

using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using RpaWorkbench.Core.ApiKeys;

namespace RpaWorkbench.Web.Features.ApiKeys;

/// <summary>Authenticates robots and scripts by <c>X-Api-Key: &lt;key&gt;</c> or <c>Authorization: Bearer &lt;key&gt;</c>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyAuthenticator keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string HeaderName = "X-Api-Key";
    public const string KeyIdClaim = "api_key_id";

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
            return AuthenticateResult.Fail("The API key is not valid or has been revoked.");
        }

        // A key may do what a robot needs (webhooks, read its task's config, replace config files) and what scripts use
        // (the logs CSV export); see the Core's Roles.Robot. Pages never see it: they accept the sign-in cookie only.
        var identity = new ClaimsIdentity(
            [
                new Claim(ClaimTypes.Name, key.Name),
                new Claim(KeyIdClaim, key.KeyId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                // What Core services check for robot-facing operations; never a Workbench role, so it opens nothing else.
                new Claim(ClaimTypes.Role, Roles.Robot),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.Headers.WWWAuthenticate = "Bearer";
        return ApiProblems.Status(Context, StatusCodes.Status401Unauthorized, "API key required",
            $"Send a valid, unrevoked API key as '{HeaderName}: <key>' or 'Authorization: Bearer <key>'.").ExecuteAsync(Context);
    }

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
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization[7..].Trim() : null;
    }
}

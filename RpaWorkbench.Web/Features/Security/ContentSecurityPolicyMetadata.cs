namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// Endpoint metadata: the <c>Content-Security-Policy</c> <see cref="SecurityHeadersMiddleware"/> sends for this
/// endpoint instead of the site policy, for responses that should be stricter (proxied storage content).
/// </summary>
public sealed record ContentSecurityPolicyMetadata(string Policy);

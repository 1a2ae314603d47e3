using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Primitives;
using Scalar.AspNetCore;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// Adds the browser security headers to every response, pages and APIs alike, including error and rate-limit answers
/// (they are added as the response starts, after anything that clears headers). Every value is computed once: robots'
/// callbacks pass through here thousands of times a second. Why each CSP source is allowed: docs/adr/0025-security-headers-and-csp.md.
/// </summary>
public sealed class SecurityHeadersMiddleware
{
    /// <summary>The policy of every response; an HTML page's <c>script-src</c> also allows its import map by hash.</summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; " +
        "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    public const string PermissionsPolicy =
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()";

    private static readonly StringValues BasePolicy = ContentSecurityPolicy;
    private static readonly StringValues NoSniff = "nosniff";
    private static readonly StringValues Deny = "DENY";
    private static readonly StringValues Referrer = "strict-origin-when-cross-origin";
    private static readonly StringValues Permissions = PermissionsPolicy;

    private readonly RequestDelegate _next;
    private readonly Func<object, Task> _addHeaders;
    private PageHeader? _pageHeader;

    public SecurityHeadersMiddleware(RequestDelegate next)
    {
        _next = next;
        _addHeaders = AddHeaders;
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(_addHeaders, context);
        return _next(context);
    }

    // The policy for a page that carries this import map: its inline JSON allowed by hash, nothing else inline.
    private static string PagePolicy(ImportMapDefinition importMap)
    {
        var hash = Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(importMap.ToString())));
        return ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' 'sha256-{hash}'", StringComparison.Ordinal);
    }

    private Task AddHeaders(object state)
    {
        var context = (HttpContext)state;
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = PolicyFor(context);
        headers.XContentTypeOptions = NoSniff;
        headers.XFrameOptions = Deny;
        headers["Referrer-Policy"] = Referrer;
        headers["Permissions-Policy"] = Permissions;
        return Task.CompletedTask;
    }

    // An endpoint may name a stricter policy of its own. Blazor renders the import map as an inline
    // <script type="importmap"> (its ToString() is that JSON). It is fixed per build, so its hash is computed once,
    // and only HTML responses carry it.
    private StringValues PolicyFor(HttpContext context)
    {
        var endpoint = context.GetEndpoint();
        if (endpoint?.Metadata.GetMetadata<ContentSecurityPolicyMetadata>() is { } own)
        {
            return own.Policy;
        }

        // The API reference page (Scalar) starts from one inline script carrying this answer's nonce.
        if (context.Items.TryGetValue(ScalarOptions.NonceHttpContextItemKey, out var nonce) && nonce is string value)
        {
            return ContentSecurityPolicy.Replace("script-src 'self'", $"script-src 'self' 'nonce-{value}'", StringComparison.Ordinal);
        }

        if (context.Response.ContentType?.StartsWith("text/html", StringComparison.OrdinalIgnoreCase) != true
            || endpoint?.Metadata.GetMetadata<ImportMapDefinition>() is not { } importMap)
        {
            return BasePolicy;
        }

        var cached = _pageHeader;
        if (cached is null || !ReferenceEquals(cached.Map, importMap))
        {
            cached = new PageHeader(importMap, PagePolicy(importMap));
            _pageHeader = cached;
        }

        return cached.Policy;
    }

    // One reference, so a reader never sees one map's policy paired with another map.
    private sealed record PageHeader(ImportMapDefinition Map, StringValues Policy);
}

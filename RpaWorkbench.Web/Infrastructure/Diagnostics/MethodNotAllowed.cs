using Microsoft.AspNetCore.Routing.Template;

namespace RpaWorkbench.Web.Infrastructure.Diagnostics;

/// <summary>
/// An API path called with a method it does not take (<c>GET</c> on a webhook) is answered <c>405</c> with <c>Allow</c>,
/// whoever calls: the paths are documented anyway. Routing alone does not get there: with the static files' catch-all
/// <c>GET {**path:file}</c> in the candidates a <c>GET</c> selects no endpoint, and for other methods it selects a 405
/// endpoint of its own; both have no authorization metadata, so the fallback policy (a signed-in user) would answer
/// <c>401</c>, even to a robot with a valid key, and send its developer looking for a problem with the key.
/// </summary>
public sealed class MethodNotAllowed(RequestDelegate next, EndpointDataSource endpoints)
{
    private IReadOnlyList<(TemplateMatcher Path, IReadOnlyList<string> Methods)>? _apis;

    /// <summary>For <c>/api</c> requests, after routing and before authentication; the status code pages write the problem details.</summary>
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint() is RouteEndpoint)
        {
            return next(context);
        }

        var allowed = Allowed(context.Request.Path);
        if (allowed.Count == 0 || allowed.Contains(context.Request.Method, StringComparer.OrdinalIgnoreCase))
        {
            return next(context);
        }

        context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
        context.Response.Headers.Allow = string.Join(", ", allowed);
        return Task.CompletedTask;
    }

    private List<string> Allowed(PathString path)
    {
        // Built on first use: by then every endpoint is mapped.
        _apis ??= [.. endpoints.Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<HttpMethodMetadata>() is not null && (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .Select(e => (new TemplateMatcher(TemplateParser.Parse(e.RoutePattern.RawText!.TrimStart('/')), []),
                e.Metadata.GetMetadata<HttpMethodMetadata>()!.HttpMethods))];
        return [.. _apis.Where(api => api.Path.TryMatch(path, [])).SelectMany(api => api.Methods).Distinct(StringComparer.OrdinalIgnoreCase)];
    }
}

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// Redirects within this site leave as paths (<c>/signin?ReturnUrl=%2F</c>), never as <c>http://{Host}/…</c>: the Host
/// header is whatever the client sent, so an absolute Location built from it could send a browser, or a cache, to
/// another site. The framework builds such Locations itself (the sign-in cookie's redirects, a static page's
/// NavigateTo), hence one rule for every response. A redirect to another scheme (HTTP to HTTPS) cannot be a path and
/// stays as it is; <c>AllowedHosts</c> guards that one (docs/security.md).
/// </summary>
public sealed class RelativeRedirects(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var http = (HttpContext)state;
            if (ToPath(http.Request, http.Response.Headers.Location.ToString()) is { } path)
            {
                http.Response.Headers.Location = path;
            }

            return Task.CompletedTask;
        }, context);
        return next(context);
    }

    /// <summary>The path, query and fragment of <paramref name="location"/> when it names this request's own scheme and host; else null.</summary>
    public static string? ToPath(HttpRequest request, string location)
    {
        if (!Uri.TryCreate(location, UriKind.Absolute, out var target)
            || !Uri.TryCreate($"{request.Scheme}://{request.Host}/", UriKind.Absolute, out var self)
            || Uri.Compare(target, self, UriComponents.SchemeAndServer, UriFormat.UriEscaped, StringComparison.OrdinalIgnoreCase) != 0)
        {
            return null;
        }

        var path = target.GetComponents(UriComponents.PathAndQuery | UriComponents.Fragment, UriFormat.UriEscaped);
        // "//host/…" or "/\host/…" would be read as another host; no redirect of ours has such a path.
        return path.StartsWith("//", StringComparison.Ordinal) || path.StartsWith("/\\", StringComparison.Ordinal) ? "/" : path;
    }
}

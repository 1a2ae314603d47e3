namespace RpaWorkbench.Web.Features.Security;

/// <summary>Redirect targets taken from a query string: only a path on this site, never "//host" or an absolute URL.</summary>
public static class LocalUrl
{
    public static string OrHome(string? url) =>
        url is ['/', not '/' and not '\\', ..] && Uri.IsWellFormedUriString(url, UriKind.Relative) ? url : "/";
}

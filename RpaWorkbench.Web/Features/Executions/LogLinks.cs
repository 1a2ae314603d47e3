namespace RpaWorkbench.Web.Features.Executions;

/// <summary>
/// Addresses the logs feature links to: a run's detail page, and a screenshot or log through the Workbench's resource
/// proxy (<c>/api/v1/resources/proxy?url=</c>, <c>/proxy/download?url=</c>), so browsers need no storage credentials.
/// Relative to the app base, like every page link.
/// </summary>
public static class LogLinks
{
    public const string ExportPath = "api/v1/logs/export";

    public static string Detail(long id) => string.Create(CultureInfo.InvariantCulture, $"logs/{id}");

    public static string Proxy(string url) => "api/v1/resources/proxy?url=" + Uri.EscapeDataString(url);

    public static string ProxyDownload(string url) => "api/v1/resources/proxy/download?url=" + Uri.EscapeDataString(url);

    /// <summary>A run's duration as h:mm:ss (e.g. 0:30:00), the same in every language.</summary>
    public static string Duration(double seconds) =>
        TimeSpan.FromSeconds(Math.Round(Math.Max(seconds, 0))).ToString(seconds >= 86400 ? @"d\.hh\:mm\:ss" : @"h\:mm\:ss", CultureInfo.InvariantCulture);
}

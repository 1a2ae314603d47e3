using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Robots.Simulation;

namespace RpaWorkbench.Core.Common;

/// <summary><c>Workbench:PublicBaseUrl</c>: where robots reach this Workbench, for the links it hands them.</summary>
public sealed class WorkbenchAddressOptions
{
    public const string SectionName = "Workbench";

    /// <summary>E.g. <c>http://10.0.0.5:5000/</c> or <c>https://rpa.corp.example/workbench/</c>; unset: see <see cref="WorkbenchAddress"/>.</summary>
    [HttpUrl(BaseOnly = true, ErrorMessage = "{0} must be an absolute http or https URL without query, e.g. http://10.0.0.5:5000/.")]
    public Uri? PublicBaseUrl { get; set; }
}

[OptionsValidator]
internal sealed partial class WorkbenchAddressOptionsValidator : IValidateOptions<WorkbenchAddressOptions>;

internal static class WorkbenchAddressServiceCollectionExtensions
{
    public static IServiceCollection AddWorkbenchAddressOptions(this IServiceCollection services) =>
        services.AddWorkbenchOptions<WorkbenchAddressOptions, WorkbenchAddressOptionsValidator>(WorkbenchAddressOptions.SectionName,
        SettingsGroups.PublicAddress, s => s.Add(o => o.PublicBaseUrl, "Settings.PublicBaseUrl")).Services;
}

/// <summary>
/// The base URL of links to this Workbench that robots follow (config file downloads): <c>Workbench:PublicBaseUrl</c>
/// when set; else the address the robot's own request came to (honouring forwarded headers); else, with no request at
/// hand (a start from a page or the scheduler), the server's own loopback address — right for the simulated robot and
/// for a robot on this machine, and warned about once in other modes.
/// </summary>
public sealed class WorkbenchAddress(
    IOptions<WorkbenchAddressOptions> options,
    IOptions<RobotOptions> robots,
    IServiceProvider services,
    ILogger<WorkbenchAddress> logger)
{
    private int _warned;

    /// <summary>The base URL (ending in '/'), or null when none is known (no request, no server listening on loopback).</summary>
    public Uri? ForRobots(Uri? requestBase)
    {
        if (options.Value.PublicBaseUrl is { } configured)
        {
            return WithSlash(configured);
        }

        if (requestBase is not null)
        {
            return WithSlash(requestBase);
        }

        var own = Loopback();
        if (robots.Value.Mode != RobotMode.Simulated && Interlocked.Exchange(ref _warned, 1) == 0)
        {
            logger.LogWarning(
                "Config file links for robots use {Address}, which only this machine can reach; set Workbench:PublicBaseUrl to the address robots reach the Workbench at",
                own?.ToString() ?? "no address");
        }

        return own;
    }

    /// <summary>
    /// Every base URL (ending in '/') at which links name this Workbench itself: <c>Workbench:PublicBaseUrl</c> when set and
    /// the server's loopback address when it listens on one — the bases <see cref="ForRobots"/> can hand out without a request.
    /// </summary>
    public IReadOnlyList<Uri> OwnBaseUrls()
    {
        var own = new List<Uri>(2);
        if (options.Value.PublicBaseUrl is { } configured)
        {
            own.Add(WithSlash(configured));
        }

        if (Loopback() is { } loopback)
        {
            own.Add(loopback);
        }

        return own;
    }

    // Null until the server listens, and on servers without network addresses (the in-memory test server).
    private Uri? Loopback() =>
        WorkbenchLoopbackAddress.Pick(services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);

    private static Uri WithSlash(Uri url) => url.AbsolutePath.EndsWith('/') ? url : new Uri(url + "/");
}

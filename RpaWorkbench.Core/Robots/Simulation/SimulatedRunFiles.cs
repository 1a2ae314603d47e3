using System.Text;
using RpaWorkbench.Core.Demo;
using RpaWorkbench.Core.Storage;

namespace RpaWorkbench.Core.Robots.Simulation;

/// <summary>
/// The simulated robot's upload, done as a ShadowBot robot puts a run's files on its OSS bucket before it reports: the
/// run's screenshot (a drawn PNG, with an error dialog when the run failed) and its log text go into the Workbench's
/// object store under <c>runs/simulated/{UTC date}/{run}/</c>, and the report links them as absolute URLs of the
/// Workbench's own object endpoint (<see cref="StoredObjectLinks"/>), which the log page opens through the resource
/// proxy from the store, without any network. The run's folder is its run id when that fits the key rule (one
/// lower-case segment, as the Workbench's own run ids are), else a random name.
/// </summary>
internal sealed class SimulatedRunFiles(IObjectStore store, WorkbenchAddress address, ILogger<SimulatedRunFiles> logger)
{
    private const string Folder = ObjectKeys.RunFilesFolder + "/simulated";

    /// <summary>
    /// Stores the files <paramref name="completion"/> reports and returns it with their links; unchanged (no links) when
    /// the Workbench has no address to link to, and without links when the storage cannot be reached, rather than dead ones.
    /// </summary>
    public async Task<CompletionBody> UploadAsync(CompletionBody completion, DateTimeOffset start, CancellationToken cancellationToken)
    {
        if (address.ForRobots(requestBase: null) is not { } workbench)
        {
            return completion;
        }

        var folder = RunFolder(completion.ExecutionId, start);
        try
        {
            string? screenshot = null;
            if (completion.Screenshot)
            {
                var png = DemoScreenshot.Render(completion.AppName.Sum(c => c), errorDialog: completion.ErrorMessage is not null);
                screenshot = await PutAsync(workbench, $"{folder}/screenshot.png", png, "image/png", cancellationToken);
            }

            var log = await PutAsync(workbench, $"{folder}/log.txt", Encoding.UTF8.GetBytes(completion.LogContent), "text/plain; charset=utf-8", cancellationToken);
            return completion with { ScreenshotUrl = screenshot, LogUrl = log };
        }
        catch (ObjectStoreUnavailableException ex)
        {
            logger.LogWarning(ex, "The simulated robot reports run {RunId} without its screenshot and log: the storage could not be reached", completion.ExecutionId);
            return completion;
        }
    }

    private static string RunFolder(string runId, DateTimeOffset start)
    {
        var byDay = string.Create(CultureInfo.InvariantCulture, $"{Folder}/{start.UtcDateTime:yyyy-MM-dd}/");
        return !runId.Contains('/', StringComparison.Ordinal) && ObjectKeys.IsValid(byDay + runId + "/log.txt")
            ? byDay + runId
            : byDay + Guid.NewGuid().ToString("N");
    }

    private async Task<string> PutAsync(Uri workbench, string key, byte[] content, string contentType, CancellationToken cancellationToken)
    {
        await store.PutBytesAsync(key, content, contentType, cancellationToken);
        return StoredObjectLinks.UrlFor(workbench, key).AbsoluteUri;
    }
}

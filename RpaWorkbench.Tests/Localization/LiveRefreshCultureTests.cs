using RpaWorkbench.Tests.Infrastructure;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Web.Components.Shared;

namespace RpaWorkbench.Tests.Localization;

/// <summary>
/// A live page re-renders in its operator's language: the refresh runs in the culture of the page that subscribed, not
/// in that of whoever published the event (a robot's callback, the server's default culture).
/// </summary>
public sealed class LiveRefreshCultureTests
{
    [Fact]
    public async Task Refresh_ForAnEventPublishedInAnotherCulture_RunsInTheSubscribingPagesCulture()
    {
        var events = new InProcessWorkbenchEvents(TestMetrics.Create(), NullLogger<InProcessWorkbenchEvents>.Instance);
        var refreshedIn = new TaskCompletionSource<(string Culture, string UiCulture)>(TaskCreationOptions.RunContinuationsAsynchronously);
        await using var live = await InCultureAsync("zh-CN", () => new LiveRefresh(events, _ => true, () =>
        {
            refreshedIn.TrySetResult((CultureInfo.CurrentCulture.Name, CultureInfo.CurrentUICulture.Name));
            return Task.CompletedTask;
        }, TimeProvider.System, interval: TimeSpan.FromMilliseconds(1), period: Timeout.InfiniteTimeSpan));

        await InCultureAsync("en-US", () =>
        {
            events.Publish([new AccountChanged(1)]);
            return true;
        });

        Assert.Equal(("zh-CN", "zh-CN"), await refreshedIn.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
    }

    // Runs the work with its own culture, as a circuit (zh-CN) and the ingest (the server's default) each have theirs.
    private static Task<T> InCultureAsync<T>(string culture, Func<T> work) => Task.Run(() =>
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        return work();
    });
}

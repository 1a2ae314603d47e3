using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Lists;

/// <summary>
/// What every list page gets from its base: the filter read from the address and written back to it (bookmarks,
/// back and forward), loads cancelled when the page closes, and live refreshes that stop with it.
/// </summary>
public sealed class ListPageTests : WorkbenchComponentTest
{
    private NavigationManager Navigation => Services.GetRequiredService<NavigationManager>();

    [Fact]
    public void Open_AddressWithFilters_LoadsThatFilter()
    {
        Navigation.NavigateTo("probe?q=%20cloud%20&status=timed_out&flag=false");

        var page = Render<ProbeList>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.Instance.Loads));
        Assert.Equal(new ProbeFilter("cloud", ExecutionStatus.TimedOut, false), page.Instance.Loads[0].Filter);
    }

    [Fact]
    public async Task ShowFilter_WritesItToTheAddress_AndLoadsOnce()
    {
        Navigation.NavigateTo("probe");
        var page = Render<ProbeList>();
        page.WaitForAssertion(() => Assert.Single(page.Instance.Loads));

        await page.InvokeAsync(() => page.Instance.ShowAsync(new ProbeFilter("cloud a", ExecutionStatus.Failed, true)));

        Assert.Equal("http://localhost/probe?q=cloud%20a&status=failed&flag=true", Navigation.Uri);
        page.WaitForAssertion(() => Assert.Equal(2, page.Instance.Loads.Count));
        Assert.Equal(new ProbeFilter("cloud a", ExecutionStatus.Failed, true), page.Instance.Loads[1].Filter);

        await page.InvokeAsync(() => page.Instance.ShowAsync(new ProbeFilter()));

        Assert.Equal("http://localhost/probe", Navigation.Uri);
        page.WaitForAssertion(() => Assert.Equal(3, page.Instance.Loads.Count));
    }

    [Fact]
    public void AddressChangedUnderThePage_BackForwardOrALink_ShowsAndLoadsItsFilter()
    {
        Navigation.NavigateTo("probe?q=first");
        var page = Render<ProbeList>();
        page.WaitForAssertion(() => Assert.Single(page.Instance.Loads));

        Navigation.NavigateTo("probe?q=second&flag=true");

        page.WaitForAssertion(() => Assert.Equal(2, page.Instance.Loads.Count));
        Assert.Equal(new ProbeFilter("second", Flag: true), page.Instance.Shown);
        Assert.Equal(new ProbeFilter("second", Flag: true), page.Instance.Loads[1].Filter);
    }

    [Fact]
    public void UnreadableAddress_ShowsEverythingAndSaysTheFilterWasCleared()
    {
        Navigation.NavigateTo("probe?q=cloud&status=finished");

        var page = Render<ProbeList>();

        page.WaitForAssertion(() => Assert.NotEmpty(page.Instance.Loads));
        Assert.Equal(new ProbeFilter(), page.Instance.Loads[0].Filter);
        Assert.Contains(Services.GetRequiredService<ISnackbar>().ShownSnackbars,
            s => s.Message == "The filter in the address could not be read and was cleared: This value is not allowed.");
    }

    [Fact]
    public async Task Close_WhileALoadIsWaiting_CancelsIt()
    {
        Navigation.NavigateTo("probe");
        var page = Render<ProbeList>(p => p.Add(x => x.HoldLoads, true));
        page.WaitForAssertion(() => Assert.Single(page.Instance.Loads));
        var token = page.Instance.Loads[0].Token;
        Assert.False(token.IsCancellationRequested);

        await DisposeComponentsAsync();

        Assert.True(token.IsCancellationRequested);
    }

    [Fact]
    public async Task LiveEvents_RelevantOnesReload_AndClosingUnsubscribes()
    {
        Navigation.NavigateTo("probe?q=cloud");
        var page = Render<ProbeList>();
        page.WaitForAssertion(() => Assert.Single(page.Instance.Loads));
        page.WaitForAssertion(() => Assert.Equal(1, Events.Subscribers));

        await Events.PublishAndWaitAsync([new TaskChanged(7)]);
        Assert.Single(page.Instance.Loads);

        await Events.PublishAndWaitAsync([new AccountChanged(7)]);
        page.WaitForAssertion(() => Assert.Equal(2, page.Instance.Loads.Count));
        Assert.Equal(new ProbeFilter("cloud"), page.Instance.Loads[1].Filter);

        await DisposeComponentsAsync();
        Assert.Equal(0, Events.Subscribers);
    }
}

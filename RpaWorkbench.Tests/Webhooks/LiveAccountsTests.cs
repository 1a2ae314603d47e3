using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>The accounts page follows webhooks without a reload.</summary>
public sealed class LiveAccountsTests : WorkbenchComponentTest
{
    [Fact]
    public async Task AccountsPage_WhenACompletionLands_ShowsNewStatusAndRecentAppWithoutReload()
    {
        var account = await Services.GetRequiredService<AccountService>().CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        var ingest = Services.GetRequiredService<CallbackIngestQueue>();
        await ingest.StartAsync(Ct);
        var page = Render<Web.Features.Accounts.Accounts>();
        page.WaitForAssertion(() => Assert.Contains("Pending", Row(page).TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(10));

        var now = Clock.GetUtcNow().UtcDateTime;
        await ingest.SubmitAsync(new ExecutionCallback(
            new RobotIdentity("tygj001", "10.0.0.1", 8080), "云仓收藏", ExecutionStatus.Failed, now.AddMinutes(-5), now, 300,
            10, 9, 1, false, false, null, null, null, null, "timeout", null), Ct);

        page.WaitForAssertion(() =>
        {
            var row = Row(page).TextContent;
            Assert.Contains("Failed", row, StringComparison.Ordinal);
            Assert.Contains("云仓收藏", row, StringComparison.Ordinal);
            Assert.Contains("Online", row, StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(10));
        Assert.Contains(account.TaskControl, Row(page).TextContent, StringComparison.Ordinal);
        await ingest.StopAsync(Ct);
    }

    private static AngleSharp.Dom.IElement Row(IRenderedComponent<Web.Features.Accounts.Accounts> page) =>
        page.FindAll("tbody tr.mud-table-row").Single();
}

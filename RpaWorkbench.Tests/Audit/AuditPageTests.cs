using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Audit;

public sealed class AuditPageTests : WorkbenchComponentTest
{
    private AccountService Accounts => Services.GetRequiredService<AccountService>();

    [Fact]
    public async Task Page_ShowsEntriesNewestFirstWithReadableActionsAndChangedFields()
    {
        var account = await Accounts.CreateAsync(new AccountInput("云仓01", "10.0.0.1", 8080), Ct);
        Clock.Advance(TimeSpan.FromMinutes(1));
        await Accounts.UpdateAsync(account.Id, new AccountInput("云仓01", "10.0.0.2", 8080, account.Version), Ct);
        User.SignIn(Roles.Admin);

        var page = Render<Web.Features.Audit.Audit>();

        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count));
        var newest = DataRows(page)[0];
        Assert.Contains("Account changed", newest.TextContent, StringComparison.Ordinal);
        Assert.Contains("operator-user", newest.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-11-25 16:01:00", newest.TextContent, StringComparison.Ordinal);
        var change = Assert.Single(newest.QuerySelectorAll("[data-testid=audit-changes] tr"));
        Assert.Equal(["host_ip", "10.0.0.1", "→", "10.0.0.2"], change.Children.Select(c => c.TextContent.Trim()));
        Assert.Contains("Account created", DataRows(page)[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("云仓01", DataRows(page)[1].TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActorFilter_NarrowsTheRowsAndTheCsvLinkCarriesIt()
    {
        await Accounts.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        User.SignIn(Roles.Admin);
        await Accounts.CreateAsync(new AccountInput("tygj002", "10.0.0.2", 8080), Ct);
        var page = Render<Web.Features.Audit.Audit>();
        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count));

        await Field(page, "Actor").InputAsync("admin");
        Clock.Advance(TimeSpan.FromSeconds(1)); // MudBlazor debounces typing on the injected TimeProvider

        page.WaitForAssertion(() => Assert.Contains("tygj002", Assert.Single(DataRows(page)).TextContent, StringComparison.Ordinal), TimeSpan.FromSeconds(5));
        var download = page.FindAll("a").Single(a => a.TextContent.Contains("Download CSV", StringComparison.Ordinal));
        Assert.EndsWith("/api/v1/audit/export?actor=admin", download.GetAttribute("href"), StringComparison.Ordinal);
        Assert.True(download.HasAttribute("download"));
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Viewer)]
    public async Task Page_ForOtherRoles_SaysAdminsOnlyAndShowsNoEntries(string role)
    {
        await Accounts.CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        User.SignIn(role);

        var page = Render<Web.Features.Audit.Audit>();

        Assert.NotNull(page.Find("[data-testid=admin-only]"));
        Assert.DoesNotContain("tygj001", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindAll("a"), a => a.TextContent.Contains("Download CSV", StringComparison.Ordinal));
    }

    // A filter field by its label (MudBlazor labels point at their input).
    private static IElement Field(IRenderedComponent<Web.Features.Audit.Audit> page, string label) =>
        page.Find("#" + page.FindAll("label").First(l => l.TextContent.Trim() == label).GetAttribute("for"));

    private static List<IElement> DataRows(IRenderedComponent<Web.Features.Audit.Audit> page) =>
        page.FindAll("tbody tr.mud-table-row").ToList();
}

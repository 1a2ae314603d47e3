using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.ApiKeys;

public sealed class ApiKeysPageTests : WorkbenchComponentTest
{
    private const string OwnerPassword = "key owner pass phrase";

    private ApiKeyService Keys => Services.GetRequiredService<ApiKeyService>();

    [Fact]
    public async Task Page_ListsKeysWithCreatorAndStateButNeverASecret()
    {
        User.SignIn(Roles.Admin);
        var created = await Keys.CreateAsync(new NewApiKey("floor 3 robots"), Ct);

        var page = Render<Web.Features.ApiKeys.ApiKeys>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        var row = DataRows(page)[0].TextContent;
        Assert.Contains("floor 3 robots", row, StringComparison.Ordinal);
        Assert.Contains("admin-user", row, StringComparison.Ordinal);
        Assert.Contains(created.Key.Prefix + "…", row, StringComparison.Ordinal);
        Assert.Contains("Active", row, StringComparison.Ordinal);
        Assert.DoesNotContain(created.Secret, page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_ShowsEachKeysScopeOwnerAndExpiry()
    {
        User.SignIn(Roles.Admin);
        await Services.GetRequiredService<UserService>().CreateAsync(new NewUser("wang.fang", null, OwnerPassword, OwnerPassword), Roles.Operator, Ct);
        await Keys.CreateAsync(new NewApiKey("monthly report", ApiKeyScopes.Viewer, new DateTime(2099, 7, 1, 0, 0, 0, DateTimeKind.Utc), "wang.fang"), Ct);
        await Keys.CreateAsync(new NewApiKey("floor 3 robots"), Ct);

        var page = Render<Web.Features.ApiKeys.ApiKeys>();

        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count));
        var (robots, report) = (DataRows(page)[0].TextContent, DataRows(page)[1].TextContent);
        Assert.Contains("Robot", robots, StringComparison.Ordinal);
        Assert.Contains("— (Workbench)", robots, StringComparison.Ordinal);
        Assert.Contains("Never", robots, StringComparison.Ordinal);
        Assert.Contains("Viewer", report, StringComparison.Ordinal);
        Assert.Contains("wang.fang", report, StringComparison.Ordinal);
        Assert.Contains("2099-07-01", report, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewKey_SecretIsShownOnceInTheDialog_ThenGoneForGood()
    {
        User.SignIn(Roles.Admin);
        var host = RenderDialogHost();
        var page = Render<Web.Features.ApiKeys.ApiKeys>();
        page.WaitForAssertion(() => Assert.Contains("No API keys yet.", page.Markup, StringComparison.Ordinal));

        page.FindAll("button").Single(b => b.TextContent.Contains("New API key", StringComparison.Ordinal)).Click();
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog input")));
        await host.Find(".mud-dialog input").ChangeAsync(new() { Value = "robots" });
        await DialogButton(host, "Create").ClickAsync(new());

        host.WaitForAssertion(() => Assert.NotNull(host.Find("input[data-testid=api-key-secret]").GetAttribute("value")));
        var secret = host.Find("input[data-testid=api-key-secret]").GetAttribute("value")!;
        Assert.StartsWith(ApiKeySecret.Marker, secret, StringComparison.Ordinal);
        Assert.Contains("shown only this once", host.Markup, StringComparison.Ordinal);
        Assert.NotNull(host.Find(".mud-dialog button[aria-label=Copy]"));
        Assert.NotNull(await Services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(secret, Ct));

        await DialogButton(host, "Done").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
        Assert.DoesNotContain(secret, host.Markup + page.Markup, StringComparison.Ordinal);
        var reopened = Render<Web.Features.ApiKeys.ApiKeys>();
        reopened.WaitForAssertion(() => Assert.Single(DataRows(reopened)));
        Assert.DoesNotContain(secret, reopened.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewKey_WithoutAName_ShowsTheFieldMessageAndCreatesNothing()
    {
        User.SignIn(Roles.Admin);
        var host = RenderDialogHost();
        var page = Render<Web.Features.ApiKeys.ApiKeys>();
        page.FindAll("button").Single(b => b.TextContent.Contains("New API key", StringComparison.Ordinal)).Click();
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog input")));

        await DialogButton(host, "Create").ClickAsync(new());

        host.WaitForAssertion(() => Assert.Contains("This field is required.", host.Find(".mud-dialog .mud-input-helper-text.mud-input-error").TextContent, StringComparison.Ordinal));
        Assert.Equal(0, (await Keys.ListAsync(0, 25, Ct)).TotalCount);
    }

    [Fact]
    public async Task Revoke_AfterConfirmation_MarksTheKeyRevoked()
    {
        User.SignIn(Roles.Admin);
        var created = await Keys.CreateAsync(new NewApiKey("robots"), Ct);
        var host = RenderDialogHost();
        var page = Render<Web.Features.ApiKeys.ApiKeys>();
        page.WaitForAssertion(() => Assert.Single(DataRows(page)));

        page.Find("button[aria-label='Revoke robots']").Click();
        host.WaitForAssertion(() => Assert.Contains("Callers using it are refused", host.Markup, StringComparison.Ordinal));
        await DialogButton(host, "Revoke").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Revoked", DataRows(page)[0].TextContent, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("button[aria-label='Revoke robots']"));
        Assert.Null(await Services.GetRequiredService<ApiKeyAuthenticator>().AuthenticateAsync(created.Secret, Ct));
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Viewer)]
    public async Task Page_ForOtherRoles_SaysAdminsOnlyAndShowsNoKeys(string role)
    {
        User.SignIn(Roles.Admin);
        await Keys.CreateAsync(new NewApiKey("robots"), Ct);
        User.SignIn(role);

        var page = Render<Web.Features.ApiKeys.ApiKeys>();

        Assert.NotNull(page.Find("[data-testid=admin-only]"));
        Assert.DoesNotContain("robots", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New API key", StringComparison.Ordinal));
    }

    private static IElement DialogButton(IRenderedComponent<MudDialogProvider> host, string text) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    private static List<IElement> DataRows(IRenderedComponent<Web.Features.ApiKeys.ApiKeys> page) =>
        page.FindAll("tbody tr.mud-table-row").ToList();
}

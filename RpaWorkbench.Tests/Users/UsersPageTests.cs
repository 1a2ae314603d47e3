using AngleSharp.Dom;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users;

public sealed class UsersPageTests : WorkbenchComponentTest
{
    private const string Password = "a long enough pass phrase";

    private UserService Service => Services.GetRequiredService<UserService>();

    [Fact]
    public async Task Page_ListsUsersWithRoleAndStateInTheOperatorsLanguage()
    {
        User.SignIn(Roles.Admin);
        await Service.CreateAsync(new NewUser("wang", "王芳", Password, Password), Roles.Operator, Ct);
        var disabled = await Service.CreateAsync(new NewUser("leaver", null, Password, Password), Roles.Viewer, Ct);
        await Service.SetDisabledAsync(disabled.Id, disabled: true, Ct);

        var page = Render<Web.Features.Users.Users>();

        page.WaitForAssertion(() => Assert.Equal(2, DataRows(page).Count));
        Assert.Contains("王芳", Row(page, "wang"), StringComparison.Ordinal);
        Assert.Contains("Operator", Row(page, "wang"), StringComparison.Ordinal);
        Assert.Contains("Enabled", Row(page, "wang"), StringComparison.Ordinal);
        Assert.Contains("Disabled", Row(page, "leaver"), StringComparison.Ordinal);
        Assert.NotEmpty(page.FindAll("button[aria-label='Enable leaver']"));
    }

    [Fact]
    public async Task NewUserDialog_ShortPassword_ShowsThePolicyUnderTheFieldAndCreatesNobody()
    {
        User.SignIn(Roles.Admin);
        var host = RenderDialogHost();
        var page = Render<Web.Features.Users.Users>();
        page.WaitForAssertion(() => Assert.Contains("No users match.", page.Markup, StringComparison.Ordinal));

        page.FindAll("button").Single(b => b.TextContent.Contains("New user", StringComparison.Ordinal)).Click();
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog input")));
        var inputs = host.FindAll(".mud-dialog input:not([type=hidden])");
        await inputs[0].ChangeAsync(new() { Value = "wang" });
        await host.Find(".mud-dialog input[type=password]").ChangeAsync(new() { Value = "short" });
        await host.FindAll(".mud-dialog input[type=password]")[1].ChangeAsync(new() { Value = "short" });
        await DialogButton(host, "Save").ClickAsync(new());

        host.WaitForAssertion(() => Assert.Contains("Use at least 10 characters.",
            string.Join("|", host.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent)), StringComparison.Ordinal));
        Assert.Equal(0, (await Service.ListAsync(new UserQuery(), Ct)).TotalCount);
    }

    [Fact]
    public async Task NewUserDialog_ValidInput_CreatesTheUserAsOperatorByDefault()
    {
        User.SignIn(Roles.Admin);
        var host = RenderDialogHost();
        var page = Render<Web.Features.Users.Users>();
        page.FindAll("button").Single(b => b.TextContent.Contains("New user", StringComparison.Ordinal)).Click();
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog input")));

        await host.FindAll(".mud-dialog input:not([type=hidden])")[0].ChangeAsync(new() { Value = "zhang" });
        foreach (var password in host.FindAll(".mud-dialog input[type=password]").ToList())
        {
            await password.ChangeAsync(new() { Value = Password });
        }

        await DialogButton(host, "Save").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Operator", Row(page, "zhang"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Disable_TheOnlyAdmin_ExplainsWhyAndChangesNothing()
    {
        var admin = await Service.CreateFirstAdminAsync(new NewUser("root", null, Password, Password), Ct);
        User.SignInAs(admin.Id, "root", Roles.Admin);
        var host = RenderDialogHost();
        var page = Render<Web.Features.Users.Users>();
        page.WaitForAssertion(() => Assert.Single(DataRows(page)));

        page.Find("button[aria-label='Disable root']").Click();
        host.WaitForAssertion(() => Assert.Contains("Disable root?", host.Markup, StringComparison.Ordinal));
        await DialogButton(host, "Disable").ClickAsync(new());

        var snackbar = Services.GetRequiredService<ISnackbar>();
        page.WaitForAssertion(() => Assert.Contains(snackbar.ShownSnackbars, s => s.Message?.Contains("last enabled admin", StringComparison.Ordinal) == true));
        Assert.False(Assert.Single((await Service.ListAsync(new UserQuery(), Ct)).Items).IsDisabled);
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Viewer)]
    public async Task Page_ForOtherRoles_SaysAdminsOnlyAndListsNobody(string role)
    {
        User.SignIn(Roles.Admin);
        await Service.CreateAsync(new NewUser("wang", null, Password, Password), Roles.Operator, Ct);
        User.SignIn(role);

        var page = Render<Web.Features.Users.Users>();

        Assert.NotNull(page.Find("[data-testid=admin-only]"));
        Assert.DoesNotContain("wang", page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New user", StringComparison.Ordinal));
    }

    private static IElement DialogButton(IRenderedComponent<MudDialogProvider> host, string text) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    private static string Row(IRenderedComponent<Web.Features.Users.Users> page, string userName) =>
        DataRows(page).Single(r => r.QuerySelector("td")!.TextContent.Trim() == userName).TextContent;

    private static List<IElement> DataRows(IRenderedComponent<Web.Features.Users.Users> page) =>
        page.FindAll("tbody tr.mud-table-row").ToList();
}

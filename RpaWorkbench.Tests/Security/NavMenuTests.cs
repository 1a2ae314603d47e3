using Bunit;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Components.Layout;

namespace RpaWorkbench.Tests.Security;

/// <summary>The admin pages appear in the navigation for admins only (the same rule the Core services apply).</summary>
public sealed class NavMenuTests : WorkbenchComponentTest
{
    private static readonly string[] AdminLinks = ["admin/users", "admin/api-keys", "admin/audit", "admin/settings"];

    [Fact]
    public void Admin_SeesTheAdminPages()
    {
        User.SignIn(Roles.Admin);

        var menu = Render<NavMenu>();

        Assert.Equal(AdminLinks, menu.FindAll("a[href^='admin/']").Select(a => a.GetAttribute("href")));
    }

    [Theory]
    [InlineData(Roles.Operator)]
    [InlineData(Roles.Viewer)]
    public void OtherRoles_DoNotSeeThem(string role)
    {
        User.SignIn(role);

        var menu = Render<NavMenu>();

        Assert.Empty(menu.FindAll("a[href^='admin/']"));
        Assert.NotEmpty(menu.FindAll("a[href='accounts']"));
    }
}

using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

public sealed class BootstrapAdminTests
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Startup_WithBootstrapAdmin_CreatesAnAdminThatSignsIn()
    {
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string>
        {
            ["Workbench:Bootstrap:AdminUser"] = "ops",
            ["Workbench:Bootstrap:AdminPassword"] = "scripted deployment secret",
        });

        var client = await app.SignedInAsync("ops", "scripted deployment secret");

        Assert.Equal(System.Net.HttpStatusCode.OK, (await client.GetAsync("/accounts", Ct)).StatusCode);
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        Assert.Equal([Roles.Admin], await users.GetRolesAsync((await users.FindByNameAsync("ops"))!));
    }

    [Fact]
    public async Task Startup_BootstrapPasswordTooWeak_FailsNamingTheSettingNotThePassword()
    {
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string> { ["Workbench:Bootstrap:AdminPassword"] = "pw-42" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Workbench:Bootstrap", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("pw-42", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Startup_BootstrapUserWithoutPassword_FailsNamingBothSettings()
    {
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string> { ["Workbench:Bootstrap:AdminPassword"] = "" });

        var error = Assert.ThrowsAny<Exception>(() => app.CreateClient());

        Assert.Contains("Workbench:Bootstrap:AdminUser and Workbench:Bootstrap:AdminPassword must be set together", error.ToString(), StringComparison.Ordinal);
    }
}

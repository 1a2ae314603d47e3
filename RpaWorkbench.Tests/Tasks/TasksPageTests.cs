using Bunit;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Tasks;

public sealed class TasksPageTests : WorkbenchComponentTest
{
    [Fact]
    public async Task Page_Operator_SeesRowWithActionsEnabledByStatus()
    {
        await AddTaskAsync();

        var page = Render<Web.Features.Tasks.Tasks>();

        page.WaitForAssertion(() => Assert.Contains("日报汇总", page.Markup, StringComparison.Ordinal));
        Assert.False(page.Find("button[aria-label='Start 日报汇总']").HasAttribute("disabled"));
        Assert.True(page.Find("button[aria-label='Stop 日报汇总']").HasAttribute("disabled"));
        Assert.True(page.Find("button[aria-label='Force-stop 日报汇总']").HasAttribute("disabled"));
        Assert.True(page.Find("button[aria-label='Run again 日报汇总']").HasAttribute("disabled"));
        Assert.False(page.Find("button[aria-label='Delete 日报汇总']").HasAttribute("disabled"));
        Assert.Contains("0 9 * * 1-5", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Page_Viewer_SeesTheTaskButNoStartNewOrDelete()
    {
        await AddTaskAsync();
        User.SignIn(Roles.Viewer);

        var page = Render<Web.Features.Tasks.Tasks>();

        page.WaitForAssertion(() => Assert.Contains("日报汇总", page.Markup, StringComparison.Ordinal));
        Assert.Empty(page.FindAll("button[aria-label^='Start']"));
        Assert.Empty(page.FindAll("button[aria-label^='Delete']"));
        Assert.DoesNotContain("New task", page.Markup, StringComparison.Ordinal);
    }

    private async Task AddTaskAsync()
    {
        var account = await Services.GetRequiredService<AccountService>().CreateAsync(new AccountInput("tygj001", "192.168.10.21", 8080), Ct);
        await Services.GetRequiredService<TaskService>().CreateAsync(
            new TaskInput("日报汇总", account.Id, "财务日报", CronExpression: "0 9 * * 1-5"), Ct);
    }
}

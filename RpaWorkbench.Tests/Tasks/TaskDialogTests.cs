using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Tasks;

namespace RpaWorkbench.Tests.Tasks;

public sealed class TaskDialogTests : WorkbenchComponentTest
{
    [Fact]
    public async Task Save_ConfigIsNotJson_ShowsTheMessageAndSavesNothing()
    {
        var host = await OpenAsync();

        await Field(host, ".workbench-task-name input").InputAsync("日报汇总");
        await Field(host, ".workbench-app-name input").InputAsync("财务日报");
        await Field(host, ".workbench-config-json textarea").InputAsync("""{"region": "华东",""");
        await host.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).ClickAsync(new());

        host.WaitForAssertion(() => Assert.Contains("Not valid JSON.", host.Markup, StringComparison.Ordinal));
        Assert.NotEmpty(host.FindAll(".mud-dialog"));
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        Assert.Equal(0, await db.Tasks.CountAsync(Ct));
    }

    [Fact]
    public async Task Format_ValidJson_IndentsIt()
    {
        var host = await OpenAsync();

        await Field(host, ".workbench-config-json textarea").InputAsync("""{"region":"华东","limit":5}""");
        await host.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Format", StringComparison.Ordinal)).ClickAsync(new());

        host.WaitForAssertion(() => Assert.Equal(
            "{\n  \"region\": \"华东\",\n  \"limit\": 5\n}",
            Field(host, ".workbench-config-json textarea").GetAttribute("value")?.ReplaceLineEndings("\n") ?? Field(host, ".workbench-config-json textarea").TextContent.ReplaceLineEndings("\n")));
    }

    [Fact]
    public async Task Cron_Invalid_PreviewShowsTheValidationMessage()
    {
        var host = await OpenAsync();

        await Field(host, ".workbench-cron input").InputAsync("61 * * * *");

        host.WaitForAssertion(() =>
        {
            var preview = host.Find("[data-testid=cron-preview]");
            Assert.Contains("Not a valid 5-field cron expression", preview.TextContent, StringComparison.Ordinal);
            Assert.Empty(preview.QuerySelectorAll(".cron-fire"));
        });
    }

    [Fact]
    public async Task Cron_Valid_PreviewsTheNextThreeFiresInTheOperatorsZone()
    {
        var host = await OpenAsync();

        // The clock says 08:00 UTC, 16:00 in Shanghai: tonight at 23:30 is the first fire.
        await Field(host, ".workbench-cron input").InputAsync("30 23 * * *");

        host.WaitForAssertion(() => Assert.Equal(
            ["2026-11-25 23:30:00", "2026-11-26 23:30:00", "2026-11-27 23:30:00"],
            host.FindAll("[data-testid=cron-preview] .cron-fire").Select(f => f.TextContent.Trim())));
    }

    [Fact]
    public async Task Edit_ConfigWithAPassword_ShowsStarsAndSavingUnchangedKeepsThePassword()
    {
        var account = await Services.GetRequiredService<AccountService>().CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        var created = await Services.GetRequiredService<TaskService>().CreateAsync(
            new TaskInput("日报汇总", account.Id, "财务日报", """{"region":"华东","db_password":"p@ss-0001"}"""), Ct);
        var host = RenderDialogHost();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<TaskDialog>(
            "Edit task", new DialogParameters<TaskDialog> { { d => d.Existing, created } }));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog .workbench-config-json textarea")));

        Assert.DoesNotContain("p@ss-0001", host.Markup, StringComparison.Ordinal);
        Assert.Contains("\"db_password\": \"******\"", ConfigText(host), StringComparison.Ordinal);
        await host.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).ClickAsync(new());

        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        Assert.Contains("\"db_password\": \"p@ss-0001\"", (await db.Tasks.SingleAsync(Ct)).ConfigJson, StringComparison.Ordinal);
    }

    private static string ConfigText(IRenderedComponent<MudDialogProvider> host)
    {
        var area = Field(host, ".workbench-config-json textarea");
        return area.GetAttribute("value") ?? area.TextContent;
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync()
    {
        var host = RenderDialogHost();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<TaskDialog>("New task"));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog .workbench-cron input")));
        return host;
    }

    private static IElement Field(IRenderedComponent<MudDialogProvider> host, string selector) => host.Find($".mud-dialog {selector}");
}

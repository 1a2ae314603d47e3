using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.WorkflowRuns;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>The runs lists: all runs with a state filter in the address, and a workflow's page with its definition and Start.</summary>
public sealed class WorkflowRunsPageTests : WorkbenchComponentTest
{
    private IDbContextFactory<WorkbenchDbContext> Contexts => Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>();

    private WorkflowRunSeed Seed => new(Contexts, Clock);

    [Fact]
    public async Task AllRuns_StateInTheAddress_ListsOnlyThose()
    {
        var workflow = await Seed.WorkflowAsync();
        await Seed.RunAsync(workflow, WorkflowRunState.Running, 0, (0, WorkflowStepState.Running, 10, null));
        var failed = await Seed.RunAsync(workflow, WorkflowRunState.Failed, 0, (0, WorkflowStepState.Failed, 10, 4));
        Services.GetRequiredService<NavigationManager>().NavigateTo("workflow-runs?state=failed");

        var page = Render<WorkflowRuns>();

        page.WaitForAssertion(() => Assert.Equal([$"#{failed}"], page.FindAll("a.workflow-run-link").Select(a => a.TextContent)));
        Assert.Equal("Failed", page.Find(".workflow-runs-grid .workflow-run-status").TextContent.Trim());
    }

    [Fact]
    public async Task WorkflowPage_Start_RefusesAMissingInputAtItsFieldThenStarts()
    {
        var workflow = await Seed.WorkflowAsync("Orders");
        var host = RenderDialogHost();
        var page = Render<WorkflowRuns>(p => p.Add(c => c.WorkflowId, workflow.WorkflowId));
        page.WaitForAssertion(() => Assert.Contains("order_id (Text) *", page.Find(".workflow-definition-inputs").TextContent, StringComparison.Ordinal));
        Assert.Equal(4, page.FindAll(".workflow-definition-step").Count);

        // Not awaited: the click's handler waits for the dialog.
        page.Find(".workflow-start button, button.workflow-start").Click();
        host.WaitForAssertion(() => Assert.Equal(2, host.FindAll(".workflow-input input").Count));
        Assert.Equal(["", "3"], host.FindAll(".workflow-input input").Select(i => i.GetAttribute("value") ?? ""));
        await host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Start run").ClickAsync(new());
        host.WaitForAssertion(() => Assert.Contains("mud-input-error", host.Find("[data-input=order_id]").ParentElement!.ParentElement!.OuterHtml, StringComparison.Ordinal));
        Assert.Equal(0, await CountRunsAsync());

        await host.Find("[data-input=order_id]").InputAsync(new ChangeEventArgs { Value = "A-99" });
        await host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Start run").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal(1, CountRunsAsync().GetAwaiter().GetResult()));
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        var run = await db.WorkflowRuns.SingleAsync(Ct);
        Assert.Equal((WorkflowTrigger.Manual, "A-99"), (run.Trigger, run.Inputs["order_id"]));
        Assert.EndsWith($"workflow-runs/{run.Id}", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WorkflowPage_AsViewer_HasNoStart()
    {
        var workflow = await Seed.WorkflowAsync("Orders");
        User.SignIn(Roles.Viewer);

        var page = Render<WorkflowRuns>(p => p.Add(c => c.WorkflowId, workflow.WorkflowId));

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll(".workflow-definition")));
        Assert.Empty(page.FindAll(".workflow-start"));
    }

    private async Task<int> CountRunsAsync()
    {
        await using var db = await Contexts.CreateDbContextAsync(Ct);
        return await db.WorkflowRuns.CountAsync(Ct);
    }
}

using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.WorkflowRuns;

namespace RpaWorkbench.Tests.Workflows;

/// <summary>The run page on seeded rows: actions by state and role, the approval dialog deciding through the service, the log following the run.</summary>
public sealed class WorkflowRunPageTests : WorkbenchComponentTest
{
    private WorkflowRunSeed Seed => new(Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>(), Clock);

    [Fact]
    public async Task Running_AsOperator_ShowsProgressCurrentStepAndPauseAndCancel()
    {
        var run = await Seed.RunAsync(await Seed.WorkflowAsync(), WorkflowRunState.Running, 0, (0, WorkflowStepState.Running, 10, null));

        var page = RenderPage(run);

        page.WaitForAssertion(() => Assert.Equal(["Pause", "Cancel run"], ActionButtons(page)));
        Assert.Equal("Fetch the order", page.Find(".workflow-run-current").TextContent);
        Assert.Equal("Running", page.Find(".workflow-run-status").TextContent.Trim());
        Assert.Equal("order_id = A-17 · count = 3", page.Find(".workflow-run-inputs").TextContent.Split(':', 2)[1].Trim());
        Assert.Equal(["fetch", "pause", "notify", "sign_off"], page.FindAll(".workflow-step").Select(s => s.GetAttribute("data-step")));
    }

    [Fact]
    public async Task Failed_OffersOnlyRestart_AndAViewerSeesNoActions()
    {
        var run = await Seed.RunAsync(await Seed.WorkflowAsync(), WorkflowRunState.Failed, 0, (0, WorkflowStepState.Failed, 10, 4));

        var page = RenderPage(run);
        page.WaitForAssertion(() => Assert.Equal(["Restart from failed step"], ActionButtons(page)));

        User.SignIn(Roles.Viewer);
        var viewed = RenderPage(run);
        viewed.WaitForAssertion(() => Assert.Equal("Failed", viewed.Find(".workflow-run-status").TextContent.Trim()));
        Assert.Empty(viewed.FindAll(".workflow-run-actions"));
    }

    [Fact]
    public async Task AdminsApproval_IsOfferedToAdminsOnly()
    {
        var run = await Seed.RunAsync(await Seed.WorkflowAsync(), WorkflowRunState.Running, 3, (3, WorkflowStepState.Waiting, 10, null));

        var page = RenderPage(run);
        page.WaitForAssertion(() => Assert.Equal(["Pause", "Cancel run"], ActionButtons(page)));
        Assert.Contains("waits for an admin's approval", page.Find(".workflow-run-approval").TextContent, StringComparison.Ordinal);

        User.SignIn(Roles.Admin);
        var asAdmin = RenderPage(run);
        asAdmin.WaitForAssertion(() => Assert.Equal(["Approve", "Reject", "Pause", "Cancel run"], ActionButtons(asAdmin)));
    }

    [Fact]
    public async Task Approve_ThroughTheDialog_DecidesTheStepWithTheComment()
    {
        var run = await Seed.RunAsync(await Seed.WorkflowAsync("Pay", WorkflowRunSeed.OperatorApproval), WorkflowRunState.Running, 1,
            (0, WorkflowStepState.Succeeded, 60, 2), (1, WorkflowStepState.Waiting, 30, null));
        var host = RenderDialogHost();
        var page = RenderPage(run);
        page.WaitForAssertion(() => Assert.Contains("Approve", ActionButtons(page)));

        // Not awaited: the click's handler waits for the dialog.
        page.Find(".workflow-approve").Click();
        host.WaitForAssertion(() => Assert.Contains("Pay it?", host.Markup, StringComparison.Ordinal));
        await host.Find(".workflow-comment textarea").InputAsync(new Microsoft.AspNetCore.Components.ChangeEventArgs { Value = "付款" });
        await host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Approve").ClickAsync(new());

        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        var step = await db.WorkflowStepRuns.SingleAsync(s => s.RunId == run && s.StepIndex == 1, Ct);
        Assert.Equal((WorkflowStepState.Succeeded, "付款", "operator-user"), (step.State, step.Comment, step.DecidedBy));
        page.WaitForAssertion(() => Assert.DoesNotContain("Approve", ActionButtons(page)));
    }

    [Fact]
    public async Task Log_NewLinesAppearWhenTheRunChanges()
    {
        var run = await Seed.RunAsync(await Seed.WorkflowAsync(), WorkflowRunState.Running, 0, (0, WorkflowStepState.Running, 10, null));
        await AddLogAsync(run, "Started by operator-user");
        var page = RenderPage(run);
        page.WaitForAssertion(() => Assert.Equal(["Started by operator-user"], LogLines(page)));

        await AddLogAsync(run, "Robot run queued");
        await Events.PublishAndWaitAsync([new WorkflowRunChanged(run, 1)]);
        Clock.Advance(TimeSpan.FromSeconds(1));

        page.WaitForAssertion(() => Assert.Equal(["Started by operator-user", "Robot run queued"], LogLines(page)), TimeSpan.FromSeconds(5));
    }

    private IRenderedComponent<WorkflowRunPage> RenderPage(long id) => Render<WorkflowRunPage>(p => p.Add(c => c.Id, id));

    private static List<string> ActionButtons(IRenderedComponent<WorkflowRunPage> page) =>
        [.. page.FindAll(".workflow-run-actions button").Select(b => b.TextContent.Trim())];

    // The message after the time (yyyy-MM-dd HH:mm:ss).
    private static List<string> LogLines(IRenderedComponent<WorkflowRunPage> page) =>
        [.. page.FindAll(".workflow-log-line").Select(l => l.TextContent.Trim()[19..].Trim())];

    private async Task AddLogAsync(long run, string message)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        WorkflowRunLog.Add(db, run, null, WorkflowLogLevel.Info, message, Clock.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync(Ct);
    }
}

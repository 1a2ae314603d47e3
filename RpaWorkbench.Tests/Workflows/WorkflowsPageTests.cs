using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Definitions;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Workflows;

public sealed class WorkflowsPageTests : WorkbenchComponentTest
{
    private static readonly WorkflowDefinition TwoWaits = new()
    {
        Steps = [new WorkflowStep("first", WorkflowStepKind.Wait) { Wait = new WorkflowWaitStep { Seconds = 60 } }, new WorkflowStep("second", WorkflowStepKind.Wait) { Wait = new WorkflowWaitStep { Until = "18:00" } }],
    };

    private WorkflowService Service => Services.GetRequiredService<WorkflowService>();

    [Fact]
    public async Task Page_FollowsWorkflowAndRunChanges()
    {
        var page = Render<Web.Features.Workflows.Workflows>();
        page.WaitForAssertion(() => Assert.Contains("No workflows yet.", page.Markup, StringComparison.Ordinal));

        var created = await Service.CreateAsync(new WorkflowInput("月末对账", null, "0 9 * * *", TwoWaits), Ct);
        await Events.PublishAndWaitAsync([new WorkflowChanged(created.Id)]);
        Clock.Advance(TimeSpan.FromSeconds(1));
        page.WaitForAssertion(() => Assert.Equal(["月末对账", "1", "2", "0 9 * * *", "", "0"], Cells(Assert.Single(DataRows(page))).Take(6)), TimeSpan.FromSeconds(5));
        Assert.Equal($"workflows/{created.Id}", page.Find("tbody a").GetAttribute("href"));
        Assert.Equal($"workflows/{created.Id}/edit", page.Find("a[aria-label='Edit 月末对账']").GetAttribute("href"));

        var runId = await AddRunningRunAsync(created.Id);
        await Events.PublishAndWaitAsync([new WorkflowRunChanged(runId, created.Id)]);
        Clock.Advance(TimeSpan.FromSeconds(1));
        page.WaitForAssertion(() => Assert.Equal("1", Cells(Assert.Single(DataRows(page)))[5]), TimeSpan.FromSeconds(5));
        Assert.StartsWith("Running", Cells(DataRows(page)[0])[4], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Viewer_SeesNoNewOrEdit()
    {
        await Service.CreateAsync(new WorkflowInput("月末对账", null, null, TwoWaits), Ct);
        User.SignIn(Roles.Viewer);

        var page = Render<Web.Features.Workflows.Workflows>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        Assert.DoesNotContain("New workflow", page.Markup, StringComparison.Ordinal);
        Assert.Empty(page.FindAll("a[aria-label^='Edit']"));
    }

    private async Task<long> AddRunningRunAsync(long workflowId)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        var version = await db.WorkflowVersions.SingleAsync(v => v.WorkflowId == workflowId, Ct);
        var now = Clock.GetUtcNow().UtcDateTime;
        var run = new WorkflowRun { WorkflowId = workflowId, WorkflowVersionId = version.Id, VersionNumber = 1, StartedBy = "operator-user", CreatedAt = now, UpdatedAt = now };
        db.WorkflowRuns.Add(run);
        await db.SaveChangesAsync(Ct);
        return run.Id;
    }

    private static List<IElement> DataRows(IRenderedComponent<Web.Features.Workflows.Workflows> page) =>
        page.FindAll("tbody tr.mud-table-row").ToList();

    private static List<string> Cells(IElement row) => row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
}

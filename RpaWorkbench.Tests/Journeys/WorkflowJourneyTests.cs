using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Journeys;

/// <summary>
/// A workflow in Chromium against the simulated robots over real HTTP: the admin builds it in the editor (an input,
/// a robot run whose parameter is a template of the input, an approval, a one-second wait), starts a run, watches the
/// robot step finish and the approval wait, approves with a comment, and the run page follows it to the end.
/// </summary>
[Collection(SimulatedBrowserCollection.Name)]
public sealed class WorkflowJourneyTests(SimulatedBrowserFixture browser)
{
    private const string OrderParameter = "order_no";

    [Fact]
    public async Task BuildInTheEditor_Start_ApproveWithAComment_TheRunPageFollowsItToSucceeded()
    {
        var suffix = Guid.NewGuid().ToString("N")[..6];
        var taskName = $"pw-订单审核-{suffix}";
        var workflowName = $"pw-order-flow-{suffix}";
        var orderId = $"SO-{suffix}";
        await browser.AddTaskAsync($"flow-{suffix}", "10.77.0.11", taskName, "订单审核", [new TaskParameter(OrderParameter, TaskParameterType.Text) { Required = true }]);
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(BuildInTheEditor_Start_ApproveWithAComment_TheRunPageFollowsItToSucceeded), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/workflows");
            await page.GetByRole(AriaRole.Link, new() { Name = "New workflow" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New workflow" })).ToBeVisibleAsync();
            await page.GetByLabel("Name", new() { Exact = true }).FillAsync(workflowName);

            await page.GetByText("Parameters", new() { Exact = true }).ClickAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Add parameter" }).ClickAsync();
            var input = page.Locator(".workbench-parameter-row").First;
            await input.Locator(".workbench-parameter-name input").FillAsync("order_id");
            await input.Locator(".workbench-parameter-required input").CheckAsync();

            // The first kind offered is a robot run.
            await page.GetByRole(AriaRole.Button, new() { Name = "Add step" }).ClickAsync();
            var robotStep = page.GetByTestId("step-0");
            await ChooseAsync(page, robotStep.Locator(".mud-select").First, taskName);
            await robotStep.GetByLabel(OrderParameter).FillAsync("{{ inputs.order_id }}");

            await AddStepAsync(page, "Approval");
            await page.GetByTestId("step-1").GetByLabel("Message to approvers").FillAsync("Approve {{ inputs.order_id }}?");

            await AddStepAsync(page, "Wait");
            await page.GetByTestId("step-2").GetByLabel("Seconds", new() { Exact = true }).FillAsync("1");

            await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
            await Expect(page.GetByText($"Workflow {workflowName} saved as version 1.")).ToBeVisibleAsync();
            await Expect(page).ToHaveURLAsync(new Regex("/workflows$"));

            await BrowserFixture.GotoInteractiveAsync(page, "/workflows?q=" + Uri.EscapeDataString(workflowName));
            await page.GetByRole(AriaRole.Link, new() { Name = workflowName, Exact = true }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = workflowName })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();
            var start = page.GetByRole(AriaRole.Dialog);
            await Expect(start).ToContainTextAsync($"Start {workflowName}");
            await start.GetByLabel("order_id *").FillAsync(orderId);
            await start.GetByRole(AriaRole.Button, new() { Name = "Start run" }).ClickAsync();

            await Expect(page).ToHaveURLAsync(new Regex("/workflow-runs/\\d+$"));
            await Expect(page.Locator(".workflow-run-inputs")).ToContainTextAsync($"order_id = {orderId}");
            await Expect(StepState(page, "robot_run_1")).ToHaveTextAsync("Robot run · Succeeded", new() { Timeout = 30_000 });
            await Expect(StepState(page, "approval_2")).ToHaveTextAsync("Approval · Waiting for approval");
            await Expect(page.Locator(".workflow-run-approval")).ToContainTextAsync($"Approve {orderId}?");
            await Expect(StepState(page, "wait_3")).ToHaveTextAsync("Wait · not run yet");
            await Expect(page.Locator(".workflow-run-status")).ToHaveTextAsync("Running");

            await page.Locator(".workflow-approve").ClickAsync();
            var decision = page.GetByRole(AriaRole.Dialog);
            await Expect(decision).ToContainTextAsync($"Approve {orderId}?");
            await decision.GetByLabel("Comment").FillAsync("looks right");
            await decision.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
            await Expect(decision).ToBeHiddenAsync();

            await Expect(page.Locator(".workflow-run-percent")).ToHaveTextAsync("100 %", new() { Timeout = 30_000 });
            await Expect(page.Locator(".workflow-run-status")).ToHaveTextAsync("Succeeded");
            foreach (var (step, kind) in new[] { ("robot_run_1", "Robot run"), ("approval_2", "Approval"), ("wait_3", "Wait") })
            {
                await Expect(StepState(page, step)).ToHaveTextAsync($"{kind} · Succeeded");
            }

            await Expect(page.Locator(".workflow-step[data-step=approval_2]")).ToContainTextAsync("looks right");
        });

        var run = await browser.QueryAsync(db => db.WorkflowRuns.AsNoTracking().SingleAsync(r => r.Workflow!.Name == workflowName));
        Assert.Equal(WorkflowRunState.Succeeded, run.State);
        var steps = await browser.QueryAsync(db => db.WorkflowStepRuns.AsNoTracking().Include(s => s.DispatchRun)
            .Where(s => s.RunId == run.Id).OrderBy(s => s.StepIndex).ToListAsync());
        Assert.Equal(["robot_run_1", "approval_2", "wait_3"], steps.Select(s => s.StepName));
        Assert.All(steps, s => Assert.Equal(WorkflowStepState.Succeeded, s.State));
        Assert.Equal(orderId, steps[0].DispatchRun!.Parameters[OrderParameter]);
        var approval = steps[1];
        Assert.Equal((WorkbenchAppFactory.AdminUser, "looks right"), (approval.DecidedBy, approval.Comment));
    }

    private static ILocator StepState(IPage page, string step) => page.Locator($".workflow-step[data-step={step}] .workflow-step-state");

    private static async Task AddStepAsync(IPage page, string kind)
    {
        await ChooseAsync(page, page.Locator(".mud-select").Filter(new() { HasText = "Kind of the new step" }).First, kind);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add step" }).ClickAsync();
    }

    /// <summary>Opens a MudSelect and picks the option with this text, then waits for its list to close.</summary>
    private static async Task ChooseAsync(IPage page, ILocator select, string option)
    {
        await select.Locator("div.mud-input").First.ClickAsync();
        var list = page.Locator(".mud-popover-open");
        await list.GetByText(option, new() { Exact = true }).ClickAsync();
        await Expect(list).ToHaveCountAsync(0);
    }
}

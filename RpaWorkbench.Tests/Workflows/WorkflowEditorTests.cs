using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Workflows.Definitions;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Workflows;

namespace RpaWorkbench.Tests.Workflows;

public sealed class WorkflowEditorTests : WorkbenchComponentTest
{
    private WorkflowService Service => Services.GetRequiredService<WorkflowService>();

    [Fact]
    public async Task NewWorkflow_AddReorderRemoveSteps_SavesThemInOrderAndGoesToTheList()
    {
        var page = Render<WorkflowEditor>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("button")));
        await SetTextAsync(page, "Name", "月末对账");

        await AddStepAsync(page, WorkflowStepKind.Wait);
        await AddStepAsync(page, WorkflowStepKind.Approval);
        await AddStepAsync(page, WorkflowStepKind.Http);
        await ClickAsync(page, "Move step approval_2 up");
        await ClickAsync(page, "Remove step http_3");
        await ClickAsync(page, "Save");

        page.WaitForAssertion(() => Assert.EndsWith("/workflows", Services.GetRequiredService<NavigationManager>().Uri, StringComparison.Ordinal));
        var saved = (await Service.ListAsync(new WorkflowQuery(), Ct)).Items.Single();
        var detail = await Service.GetAsync(saved.Id, null, Ct);
        Assert.Equal(("月末对账", 1), (detail!.Name, detail.LatestVersion));
        Assert.Equal([("approval_2", WorkflowStepKind.Approval), ("wait_1", WorkflowStepKind.Wait)], detail.Definition.Steps.Select(s => (s.Name, s.Kind)));
        Assert.Equal(60, detail.Definition.Steps[1].Wait!.Seconds);
    }

    [Fact]
    public async Task Save_RefusedDefinition_ShowsEachErrorAtItsFieldAndASummary()
    {
        var page = Render<WorkflowEditor>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("button")));
        await AddStepAsync(page, WorkflowStepKind.Wait);
        await SetTextAsync(page, "Step name", "Bad Name");
        await SetNumberAsync(page, "Attempts", 11);

        await ClickAsync(page, "Save");

        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=error-summary]")));
        var summary = page.Find("[data-testid=error-summary]").TextContent;
        Assert.Contains("3 problem(s)", summary, StringComparison.Ordinal);
        Assert.Contains("steps[0].name", summary, StringComparison.Ordinal);
        Assert.Contains("This field is required.", ErrorTextOf(page, "Name"), StringComparison.Ordinal);
        Assert.Contains("starts with a lower-case letter", ErrorTextOf(page, "Step name"), StringComparison.Ordinal);
        Assert.Contains("Attempts are 1 to 10 (1: no retry).", ErrorTextOf(page, "Attempts"), StringComparison.Ordinal);
        Assert.Equal(0, await ReadAsync(db => db.Workflows.CountAsync(Ct)));
    }

    [Fact]
    public async Task EditWorkflow_RobotRunStep_ShowsAFieldPerDeclaredParameter_AndSavesTheNextVersion()
    {
        var taskId = await RobotTaskAsync();
        var created = await Service.CreateAsync(new WorkflowInput("日报", null, null, new WorkflowDefinition
        {
            Steps = [new WorkflowStep("report", WorkflowStepKind.RobotRun) { Task = new WorkflowTaskStep(taskId) { Parameters = new Dictionary<string, string> { ["region"] = "east" } } }],
        }), Ct);

        var page = Render<WorkflowEditor>(p => p.Add(e => e.Id, created.Id));
        page.WaitForAssertion(() => Assert.Equal("east", TextField(page, "region").Find("input").GetAttribute("value")));
        Assert.Contains("default: 2026-12-01", TextField(page, "day").Instance.HelperText, StringComparison.Ordinal);
        await SetTextAsync(page, "region", "west");
        await ClickAsync(page, "Save");

        page.WaitForAssertion(() => Assert.Equal(2, Service.GetAsync(created.Id, null, Ct).Result!.LatestVersion));
        var latest = await Service.GetAsync(created.Id, null, Ct);
        Assert.Equal("west", latest!.Definition.Steps[0].Task!.Parameters["region"]);
    }

    private static IRenderedComponent<MudTextField<string>> TextField(IRenderedComponent<WorkflowEditor> page, string label) =>
        page.FindComponents<MudTextField<string>>().First(f => f.Instance.Label == label);

    /// <summary>What the field shows under it (its error, and a counter when it has one).</summary>
    private static string ErrorTextOf(IRenderedComponent<WorkflowEditor> page, string label) =>
        page.FindComponents<MudTextField<string>>().Where(f => f.Instance.Label == label).Select(f => f.FindAll(".mud-input-error"))
            .Concat(page.FindComponents<MudNumericField<int>>().Where(f => f.Instance.Label == label).Select(f => f.FindAll(".mud-input-error")))
            .First().Select(e => e.TextContent).FirstOrDefault() ?? "";

    private static async Task SetTextAsync(IRenderedComponent<WorkflowEditor> page, string label, string value)
    {
        var field = TextField(page, label);
        await page.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(value));
    }

    private static async Task SetNumberAsync(IRenderedComponent<WorkflowEditor> page, string label, int value)
    {
        var field = page.FindComponents<MudNumericField<int>>().First(f => f.Instance.Label == label);
        await page.InvokeAsync(() => field.Instance.ValueChanged.InvokeAsync(value));
    }

    private static async Task AddStepAsync(IRenderedComponent<WorkflowEditor> page, WorkflowStepKind kind)
    {
        var select = page.FindComponents<MudSelect<WorkflowStepKind>>().Single(s => s.Instance.Label == "Kind of the new step");
        await page.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(kind));
        await ClickAsync(page, "Add step");
    }

    private static Task ClickAsync(IRenderedComponent<WorkflowEditor> page, string name) =>
        page.FindAll("button").Single(b => b.GetAttribute("aria-label") == name || b.TextContent.Trim() == name).ClickAsync(new());

    private async Task<T> ReadAsync<T>(Func<WorkbenchDbContext, Task<T>> read)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await read(db);
    }

    private async Task<long> RobotTaskAsync() =>
        (await WorkflowDefinitionSamples.AddTasksAsync(() => Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct))).Robot;
}

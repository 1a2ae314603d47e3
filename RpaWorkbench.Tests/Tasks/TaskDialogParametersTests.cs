using System.Text.Json;
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

/// <summary>
/// The task dialog's parameters table (rows added, reordered, removed, the Core's refusals on the row's field) and the
/// dialog Start opens when a required parameter has no default.
/// </summary>
public sealed class TaskDialogParametersTests : WorkbenchComponentTest
{
    private RecordingRobotAgent? _robot;

    [Fact]
    public async Task Save_RowsEditedReorderedAndRemoved_CoreRefusalOnTheRowThenSavedInOrder()
    {
        var task = await TaskAsync(8080,
            new TaskParameter("仓库", TaskParameterType.Text) { Required = true },
            new TaskParameter("batch_size", TaskParameterType.Integer) { Default = "50" },
            new TaskParameter("obsolete", TaskParameterType.Boolean));
        var host = await OpenEditorAsync(task);
        Assert.Equal(["仓库", "batch_size", "obsolete"], Rows(host).Select(r => r.QuerySelector(".workbench-parameter-name input")!.GetAttribute("value")));

        await Button(host, "Remove obsolete").ClickAsync(new());
        await Button(host, "Move batch_size up").ClickAsync(new());
        await host.Find(".mud-dialog .workbench-parameters button.mud-button-root:not(.mud-icon-button)").ClickAsync(new());
        await Rows(host)[2].QuerySelector(".workbench-parameter-name input")!.InputAsync("1st");
        await SaveAsync(host);

        host.WaitForAssertion(() => Assert.Contains("does not start with a digit",
            Rows(host)[2].QuerySelector(".workbench-parameter-name")!.ParentElement!.TextContent, StringComparison.Ordinal));

        await Rows(host)[2].QuerySelector(".workbench-parameter-name input")!.InputAsync("备注");
        await Rows(host)[2].QuerySelector(".workbench-parameter-default input")!.InputAsync("无");
        await SaveAsync(host);

        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
        TaskParameter[] expected =
        [
            new("batch_size", TaskParameterType.Integer) { Default = "50" },
            new("仓库", TaskParameterType.Text) { Required = true },
            new("备注", TaskParameterType.Text) { Default = "无" },
        ];
        Assert.Equal(expected, await StoredAsync());
    }

    [Fact]
    public async Task StartDialog_RequiredValueMissing_ShownOnItsFieldThenStartsWithTheValue()
    {
        _robot = await RecordingRobotAgent.StartAsync();
        var task = await TaskAsync(_robot.Port,
            new TaskParameter("仓库", TaskParameterType.Text) { Required = true, Description = "发货仓库" },
            new TaskParameter("batch_size", TaskParameterType.Integer) { Default = "50" });
        Assert.True(StartParametersDialog.IsNeeded(task));
        Render<MudPopoverProvider>();
        var host = Render<MudDialogProvider>();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<StartParametersDialog>("Start",
            new DialogParameters<StartParametersDialog> { { d => d.TaskToStart, task } }));
        host.WaitForAssertion(() => Assert.Equal(2, host.FindAll(".mud-dialog .workbench-start-parameter").Count));
        Assert.Equal("50", host.FindAll(".mud-dialog .workbench-start-parameter input")[1].GetAttribute("value"));

        await StartButton(host).ClickAsync(new());
        host.WaitForAssertion(() => Assert.Contains("This field is required.",
            host.FindAll(".mud-dialog .workbench-start-parameter")[0].ParentElement!.TextContent, StringComparison.Ordinal));
        Assert.Empty(_robot.Requests);

        await host.FindAll(".mud-dialog .workbench-start-parameter input")[0].InputAsync("华东一仓");
        await StartButton(host).ClickAsync(new());

        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
        using var sent = JsonDocument.Parse(Assert.Single(_robot.Requests).Body);
        Assert.Equal([("仓库", "华东一仓"), ("batch_size", "50")],
            sent.RootElement.GetProperty("parameters").EnumerateObject().Select(p => (p.Name, p.Value.GetString())));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenEditorAsync(TaskRow existing)
    {
        Render<MudPopoverProvider>();
        var host = Render<MudDialogProvider>();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<TaskDialog>("Task",
            new DialogParameters<TaskDialog> { { d => d.Existing, existing } }));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog .workbench-parameter-row")));
        return host;
    }

    private async Task<TaskRow> TaskAsync(int port, params TaskParameter[] parameters)
    {
        var account = await Services.GetRequiredService<AccountService>().CreateAsync(new AccountInput("tygj001", "127.0.0.1", port), Ct);
        return await Services.GetRequiredService<TaskService>().CreateAsync(new TaskInput("日报汇总", account.Id, "财务日报") { Parameters = parameters }, Ct);
    }

    private async Task<IReadOnlyList<TaskParameter>> StoredAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return (await db.Tasks.AsNoTracking().SingleAsync(Ct)).Parameters;
    }

    private static IReadOnlyList<IElement> Rows(IRenderedComponent<MudDialogProvider> host) => host.FindAll(".mud-dialog .workbench-parameter-row");

    private static IElement Button(IRenderedComponent<MudDialogProvider> host, string label) => host.Find($".mud-dialog button[aria-label='{label}']");

    private static IElement StartButton(IRenderedComponent<MudDialogProvider> host) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Start", StringComparison.Ordinal));

    private static Task SaveAsync(IRenderedComponent<MudDialogProvider> host) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).ClickAsync(new());

    protected override async ValueTask DisposeAsyncCore()
    {
        if (_robot is not null)
        {
            await _robot.DisposeAsync();
        }

        await base.DisposeAsyncCore();
    }
}

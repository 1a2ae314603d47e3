using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using Microsoft.JSInterop;
using Microsoft.Extensions.DependencyInjection;
using MiniExcelLibs;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Batches;

public sealed class BatchRunDialogTests : WorkbenchComponentTest
{
    private const string TaskName = "订单录入任务";

    private BatchPageData Data => new(Services);

    [Fact]
    public async Task ValidSheet_StartsTheBatchAndOpensItsPage()
    {
        var task = await Data.TaskAsync(TaskName, Ct);
        var host = RenderDialogHost();
        OpenDialog(host);

        Upload(host, "december.csv", BatchPageData.Sheet(("SO-1", "10"), ("SO-2", "20.5"), ("SO-3", "")));
        host.WaitForAssertion(() => Assert.Equal("december.csv", host.Find("[data-testid=batch-file-name]").TextContent.Trim()));
        host.Find(".batch-name input").Change("十二月订单");
        await StartButton(host).ClickAsync(new());

        var navigation = Services.GetRequiredService<NavigationManager>();
        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
        var created = Assert.Single((await Services.GetRequiredService<BatchService>().ListAsync(new BatchQuery(), Ct)).Items);
        Assert.Equal(("十二月订单", task.Id, 3, BatchUpload.DefaultMaxRetries), (created.Name, created.TaskId, created.ItemCount, created.MaxRetries));
        Assert.Equal($"http://localhost/batches/{created.Id}", navigation.Uri);
    }

    [Fact]
    public async Task InvalidRows_ShowsTheFirstErrorsAndTheTotal_AndTheReportHasThemAll()
    {
        await Data.TaskAsync(TaskName, Ct);
        byte[]? report = null;
        JSInterop.SetupVoid("workbench.saveStream", invocation =>
        {
            using var saved = new MemoryStream();
            ((DotNetStreamReference)invocation.Arguments[1]!).Stream.CopyTo(saved);
            report = saved.ToArray();
            return (string?)invocation.Arguments[0] == "batch-errors.xlsx";
        }).SetVoidResult();
        var host = RenderDialogHost();
        OpenDialog(host);

        // Twelve rows whose amount is not a number, and one without its required order number.
        var bad = Enumerable.Range(1, 12).Select(i => ($"SO-{i}", $"abc{i}")).Append(("", "5")).ToArray();
        Upload(host, "bad.csv", BatchPageData.Sheet(bad));
        await StartButton(host).ClickAsync(new());

        host.WaitForAssertion(() => Assert.Contains("The file has 13 errors, so nothing was started.", host.Find(".batch-errors-summary").TextContent, StringComparison.Ordinal));
        var rows = host.FindAll(".batch-errors tbody tr");
        Assert.Equal(10, rows.Count);
        Assert.Equal(["2", BatchPageData.AmountColumn, "abc1"], rows[0].QuerySelectorAll("td").Take(3).Select(c => c.TextContent));
        Assert.NotEmpty(host.FindAll(".mud-dialog"));
        Assert.Empty((await Services.GetRequiredService<BatchService>().ListAsync(new BatchQuery(), Ct)).Items);

        await host.Find(".batch-error-report").ClickAsync(new());

        host.WaitForAssertion(() => Assert.NotNull(report));
        var reported = new MemoryStream(report!).Query(useHeaderRow: false).Skip(1).Select(r => (IDictionary<string, object?>)r).ToList();
        Assert.Equal(13, reported.Count);
        Assert.Contains(reported, r => r.Values.Select(v => v?.ToString()).Contains("abc12"));
    }

    [Fact]
    public async Task NoFile_SaysChooseOne()
    {
        await Data.TaskAsync(TaskName, Ct);
        var host = RenderDialogHost();
        OpenDialog(host);

        await StartButton(host).ClickAsync(new());

        host.WaitForAssertion(() => Assert.Equal("Choose a spreadsheet to upload.", host.Find(".batch-file-error").TextContent.Trim()));
    }

    private void OpenDialog(IRenderedComponent<MudBlazor.MudDialogProvider> host)
    {
        var page = Render<Web.Features.Tasks.Tasks>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll($"button[aria-label='Batch run {TaskName}']")));
        // Not awaited: the click's handler waits for the dialog to close.
        page.Find($"button[aria-label='Batch run {TaskName}']").Click();
        host.WaitForAssertion(() => Assert.Contains("Batch run of " + TaskName, host.Markup, StringComparison.Ordinal));
    }

    private static void Upload(IRenderedComponent<MudBlazor.MudDialogProvider> host, string fileName, string csv) =>
        host.FindComponent<InputFile>().UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(csv), fileName));

    private static AngleSharp.Dom.IElement StartButton(IRenderedComponent<MudBlazor.MudDialogProvider> host) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "Start batch");
}

using AngleSharp.Dom;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Dify;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Tasks;

namespace RpaWorkbench.Tests.Tasks;

/// <summary>The task dialog's Dify section: the Core's refusal shows on its field; the key is saved encrypted and never shown, and kept when left blank.</summary>
public sealed class TaskDialogDifyTests : WorkbenchComponentTest
{
    [Fact]
    public async Task Save_AddressNotAllowed_ShownOnTheField_ThenSavedWithTheKeyEncrypted_AndKeptOnTheNextEdit()
    {
        var account = await Services.GetRequiredService<AccountService>().CreateAsync(new AccountInput("tygj001", "10.0.0.1", 8080), Ct);
        var task = await Services.GetRequiredService<TaskService>().CreateAsync(new TaskInput("开票", account.Id, "开票流程"), Ct);
        var host = await OpenAsync(task);
        await host.Find(".mud-dialog .workbench-dify .mud-expand-panel-header").ClickAsync(new());

        await Field(host, ".workbench-dify-base-url input").InputAsync("http://10.1.2.3/v1");
        await Field(host, ".workbench-dify-api-key input").InputAsync("app-secret-42");
        await SaveAsync(host);

        host.WaitForAssertion(() => Assert.Contains("This Dify address is not one an admin allowed",
            Field(host, ".workbench-dify-base-url").ParentElement!.TextContent, StringComparison.Ordinal));

        await Field(host, ".workbench-dify-base-url input").InputAsync("https://api.dify.ai/v1");
        await SaveAsync(host);
        host.WaitForAssertion(() => Assert.Empty(host.FindAll(".mud-dialog")));
        var stored = await StoredAsync();
        Assert.Equal(("https://api.dify.ai/v1", 5), (stored.BaseUrl, stored.MaxConcurrency));
        Assert.Equal("app-secret-42", Services.GetRequiredService<DifyApiKeys>().Unprotect(stored.ApiKeyProtected));

        var edited = (await Services.GetRequiredService<TaskService>().GetAsync(task.Id, Ct))!;
        var again = await OpenAsync(edited);
        Assert.Equal("", Field(again, ".workbench-dify-api-key input").GetAttribute("value") ?? "");
        Assert.Contains("A key is saved", again.Find(".mud-dialog .workbench-dify").TextContent, StringComparison.Ordinal);
        await Field(again, ".workbench-dify-concurrency input").InputAsync("2");
        await SaveAsync(again);

        again.WaitForAssertion(() => Assert.Empty(again.FindAll(".mud-dialog")));
        var kept = await StoredAsync();
        Assert.Equal((2, stored.ApiKeyProtected), (kept.MaxConcurrency, kept.ApiKeyProtected));
    }

    private IRenderedComponent<MudDialogProvider>? _host;

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync(TaskRow existing)
    {
        if (_host is null)
        {
            Render<MudPopoverProvider>();
            _host = Render<MudDialogProvider>();
        }

        var host = _host;
        var parameters = new DialogParameters<TaskDialog> { { d => d.Existing, existing } };
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<TaskDialog>("Task", parameters));
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog .workbench-dify")));
        return host;
    }

    private async Task<DifyTaskSettings> StoredAsync()
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return (await db.Tasks.AsNoTracking().SingleAsync(Ct)).Dify!;
    }

    private static Task SaveAsync(IRenderedComponent<MudDialogProvider> host) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains("Save", StringComparison.Ordinal)).ClickAsync(new());

    private static IElement Field(IRenderedComponent<MudDialogProvider> host, string selector) => host.Find($".mud-dialog {selector}");
}

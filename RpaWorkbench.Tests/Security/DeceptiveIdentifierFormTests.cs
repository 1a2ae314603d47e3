using System.Globalization;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Web.Features.Accounts;
using RpaWorkbench.Web.Features.ApiKeys;
using RpaWorkbench.Web.Features.Tasks;
using RpaWorkbench.Web.Features.Users;

namespace RpaWorkbench.Tests.Security;

/// <summary>Each form that names something says which hidden character it refuses, under the field, in the operator's language.</summary>
public sealed class DeceptiveIdentifierFormTests : WorkbenchComponentTest
{
    private const string English = "Remove the hidden character U+202E: control, invisible and text-direction characters are not allowed here.";
    private const string Chinese = "请删除隐藏字符 U+202E：此处不允许控制字符、不可见字符和文字方向字符。";

    [Fact]
    public async Task AccountDialog_RightToLeftOverrideInTheAccount_ShowsWhichCharacter()
    {
        var host = await OpenAsync<AccountDialog>();

        await Inputs(host)[0].InputAsync("acc4\u202E");

        host.WaitForAssertion(() => Assert.Contains(English, FieldMessages(host), StringComparison.Ordinal));
    }

    [Fact]
    public async Task AccountDialog_InChinese_ShowsTheMessageInChinese()
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo("zh-CN");
        var host = await OpenAsync<AccountDialog>();

        await Inputs(host)[0].InputAsync("acc4\u202E");

        host.WaitForAssertion(() => Assert.Contains(Chinese, FieldMessages(host), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TaskDialog_RightToLeftOverrideInTheTaskName_ShowsWhichCharacter()
    {
        var host = await OpenAsync<TaskDialog>();

        await host.Find(".mud-dialog .workbench-task-name input").InputAsync("日报\u202E汇总");

        host.WaitForAssertion(() => Assert.Contains(English, FieldMessages(host), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TaskDialog_RightToLeftOverrideInTheAppName_ShowsWhichCharacter()
    {
        var host = await OpenAsync<TaskDialog>();

        await host.Find(".mud-dialog .workbench-app-name input").InputAsync("财务\u202E日报");

        host.WaitForAssertion(() => Assert.Contains(English, FieldMessages(host), StringComparison.Ordinal));
    }

    [Fact]
    public async Task NewUserDialog_RightToLeftOverrideInTheDisplayName_ShowsWhichCharacterAfterSave()
    {
        User.SignIn(Roles.Admin);
        var host = await OpenAsync<NewUserDialog>();
        var inputs = Inputs(host);
        await inputs[0].ChangeAsync(new() { Value = "zhang.wei" });
        await inputs[1].ChangeAsync(new() { Value = "张伟\u202E" });
        await host.FindAll(".mud-dialog input[type=password]")[0].ChangeAsync(new() { Value = "a long enough pass phrase" });
        await host.FindAll(".mud-dialog input[type=password]")[1].ChangeAsync(new() { Value = "a long enough pass phrase" });

        await DialogButton(host, "Save").ClickAsync(new());

        host.WaitForAssertion(() => Assert.Contains(English, FieldMessages(host), StringComparison.Ordinal));
    }

    [Fact]
    public async Task NewApiKeyDialog_ZeroWidthSpaceInTheName_ShowsWhichCharacterAfterCreate()
    {
        User.SignIn(Roles.Admin);
        var host = await OpenAsync<NewApiKeyDialog>();
        await Inputs(host)[0].ChangeAsync(new() { Value = "robots\u200B" });

        await DialogButton(host, "Create").ClickAsync(new());

        host.WaitForAssertion(() => Assert.Contains(English.Replace("U+202E", "U+200B", StringComparison.Ordinal), FieldMessages(host), StringComparison.Ordinal));
    }

    private async Task<IRenderedComponent<MudDialogProvider>> OpenAsync<TDialog>() where TDialog : Microsoft.AspNetCore.Components.IComponent
    {
        var host = RenderDialogHost();
        await host.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<TDialog>("dialog"));
        host.WaitForAssertion(() => Assert.NotEmpty(Inputs(host)));
        return host;
    }

    private static IReadOnlyList<AngleSharp.Dom.IElement> Inputs(IRenderedComponent<MudDialogProvider> host) =>
        host.FindAll(".mud-dialog input:not([type=hidden])");

    private static string FieldMessages(IRenderedComponent<MudDialogProvider> host) =>
        string.Join("|", host.FindAll(".mud-input-helper-text.mud-input-error").Select(e => e.TextContent));

    private static AngleSharp.Dom.IElement DialogButton(IRenderedComponent<MudDialogProvider> host, string text) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Contains(text, StringComparison.Ordinal));
}

using AngleSharp.Dom;
using Bunit;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Management;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;
using AlertChannelsPage = RpaWorkbench.Web.Features.Alerts.AlertChannels;

namespace RpaWorkbench.Tests.Alerts;

public sealed class ChannelPageTests : WorkbenchComponentTest
{
    private const string Token = "tok9f8e7d6c5b4a3210fedcba98a1b2";

    public ChannelPageTests() => User.SignIn(Roles.Admin);

    private AlertChannelService Service => Services.GetRequiredService<AlertChannelService>();

    [Fact]
    public async Task Page_ListsChannelsWithTheUrlHintButNeverTheUrl()
    {
        await Service.CreateAsync(DingTalk("值班群") with { Secret = "SECsecret0123456789" }, Ct);

        var page = Render<AlertChannelsPage>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        Assert.Equal(["值班群", "DingTalk", "zh-CN", "https://oapi.dingtalk.com/robot/send?access_token=…a1b2", "On"], Cells(DataRows(page)[0]).Take(5));
        Assert.DoesNotContain(Token, page.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("SECsecret", page.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NewChannelDialog_SavesAWeComChannel()
    {
        var host = RenderDialogHost();
        var page = Render<AlertChannelsPage>();
        page.WaitForAssertion(() => Assert.Contains("No alert channels yet", page.Markup, StringComparison.Ordinal));

        page.FindAll("button").Single(b => b.TextContent.Contains("New channel", StringComparison.Ordinal)).Click();
        host.WaitForAssertion(() => Assert.NotEmpty(host.FindAll(".mud-dialog .workbench-channel-name input")));
        await host.Find(".mud-dialog .workbench-channel-name input").InputAsync("企业微信群");
        var kind = host.FindComponent<MudBlazor.MudSelect<AlertChannelKind>>();
        await host.InvokeAsync(() => kind.Instance.ValueChanged.InvokeAsync(AlertChannelKind.WeCom));
        await host.Find(".mud-dialog .workbench-channel-url input")
            .ChangeAsync(new ChangeEventArgs { Value = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa" });
        await DialogButton(host, "Save").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("企业微信群", Cells(Assert.Single(DataRows(page)))[0]));
        var saved = Assert.Single(await Service.ListAsync(Ct));
        Assert.Equal((AlertChannelKind.WeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…5aaa"), (saved.Kind, saved.UrlHint));
    }

    [Fact]
    public async Task EditDialog_SecretsLeftEmpty_AreKept()
    {
        var channel = await Service.CreateAsync(DingTalk("ops") with { Secret = "SECsecret0123456789" }, Ct);
        var host = RenderDialogHost();
        var page = Render<AlertChannelsPage>();
        page.WaitForAssertion(() => Assert.Single(DataRows(page)));

        page.Find("button[aria-label='Edit ops']").Click();
        host.WaitForAssertion(() => Assert.Contains("Set — leave empty to keep.", host.Markup, StringComparison.Ordinal));
        Assert.Equal("", host.Find(".mud-dialog .workbench-channel-url input").GetAttribute("value") ?? "");
        await host.Find(".mud-dialog .workbench-channel-name input").InputAsync("ops-2");
        await DialogButton(host, "Save").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Equal("ops-2", Cells(Assert.Single(DataRows(page)))[0]));
        var saved = await Service.GetAsync(channel.Id, Ct);
        Assert.Equal((true, "https://oapi.dingtalk.com/robot/send?access_token=…a1b2"), (saved!.HasSecret, saved.UrlHint));
    }

    [Fact]
    public async Task SendTest_ReceiverRefuses_ShowsTheStatusAndTheChannelsAnswer()
    {
        await using var receiver = await FakeAlertHttpEndpoint.StartAsync(_ => new EndpointAnswer(403, "signature mismatch"));
        await Service.CreateAsync(new AlertChannelInput { Name = "hook", Kind = AlertChannelKind.Webhook, Url = $"{receiver.BaseUri}alerts" }, Ct);
        var page = Render<AlertChannelsPage>();
        page.WaitForAssertion(() => Assert.Single(DataRows(page)));

        await page.Find("button[aria-label='Send test message hook']").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Contains("Test message to hook not delivered (status 403)", page.Find(".workbench-channel-test-result").TextContent, StringComparison.Ordinal),
            TimeSpan.FromSeconds(10));
        Assert.Contains("signature mismatch", page.Find(".workbench-channel-test-result").TextContent, StringComparison.Ordinal);
        page.WaitForAssertion(() => Assert.Contains("failed", Cells(DataRows(page)[0])[5], StringComparison.Ordinal));
        Assert.Single(receiver.Received);
    }

    [Fact]
    public async Task Page_AsOperator_ShowsRowsButNoActions()
    {
        await Service.CreateAsync(DingTalk("ops"), Ct);
        User.SignIn(Roles.Operator);

        var page = Render<AlertChannelsPage>();

        page.WaitForAssertion(() => Assert.Single(DataRows(page)));
        Assert.DoesNotContain(page.FindAll("button"), b => b.TextContent.Contains("New channel", StringComparison.Ordinal));
        Assert.Empty(page.FindAll("button[aria-label='Edit ops'], button[aria-label='Delete ops'], button[aria-label='Send test message ops']"));
    }

    [Fact]
    public async Task DeleteDialog_DeletesAfterConfirmation()
    {
        var channel = await Service.CreateAsync(DingTalk("ops"), Ct);
        var host = RenderDialogHost();
        var page = Render<AlertChannelsPage>();
        page.WaitForAssertion(() => Assert.Single(DataRows(page)));

        page.Find("button[aria-label='Delete ops']").Click();
        host.WaitForAssertion(() => Assert.Contains("Delete alert channel ops?", host.Markup, StringComparison.Ordinal));
        await DialogButton(host, "Delete").ClickAsync(new());

        page.WaitForAssertion(() => Assert.Empty(DataRows(page)));
        Assert.Null(await Service.GetAsync(channel.Id, Ct));
    }

    private static AlertChannelInput DingTalk(string name) =>
        new() { Name = name, Kind = AlertChannelKind.DingTalk, Url = $"https://oapi.dingtalk.com/robot/send?access_token={Token}" };

    private static IElement DialogButton(IRenderedComponent<MudBlazor.MudDialogProvider> host, string text) =>
        host.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == text);

    private static List<IElement> DataRows(IRenderedComponent<AlertChannelsPage> page) => page.FindAll("tbody tr.mud-table-row").ToList();

    private static List<string> Cells(IElement row) => row.QuerySelectorAll("td").Select(c => c.TextContent.Trim()).ToList();
}

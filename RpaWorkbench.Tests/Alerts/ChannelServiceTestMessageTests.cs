using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Management;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Alerts;

public sealed class ChannelServiceTestMessageTests : IAsyncLifetime
{
    private readonly CoreTestHost _core = new();
    private ChatFakeRobots _robots = null!;
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private AlertChannelService Service => _core.Get<AlertChannelService>();

    public async ValueTask InitializeAsync()
    {
        await _core.MigrateAsync();
        _robots = await ChatFakeRobots.StartAsync(_core.Clock);
        _core.User.SignIn(Roles.Admin);
    }

    public async ValueTask DisposeAsync()
    {
        await _robots.DisposeAsync();
        await _core.DisposeAsync();
    }

    [Fact]
    public async Task SendTest_SignedDingTalkRobot_DeliveredAndRecordedAsATestNotification()
    {
        var channel = await Service.CreateAsync(new AlertChannelInput
        {
            Name = "值班群", Kind = AlertChannelKind.DingTalk, Url = _robots.DingTalkUrl().ToString(), Secret = ChatFakeRobots.DingTalkSecret,
        }, Ct);

        var delivery = await Service.SendTestAsync(channel.Id, Ct);

        Assert.True(delivery.Delivered, delivery.Answer);
        Assert.Equal(200, delivery.Status);
        var (path, _, body) = Assert.Single(_robots.Requests);
        Assert.Equal("/robot/send", path);
        Assert.Contains("测试消息：值班群", body.ToJsonString(new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }), StringComparison.Ordinal);
        var row = await _core.ReadAsync(db => db.AlertNotifications.SingleAsync(Ct));
        Assert.Equal((channel.Id, "值班群", AlertNotificationPurpose.Test, AlertNotificationState.Delivered, 1, 200, (long?)null),
            (row.ChannelId!.Value, row.ChannelName, row.Purpose, row.State, row.Attempts, row.Status!.Value, row.AlertId));
        Assert.Equal(_core.Clock.GetUtcNow().UtcDateTime, row.SentAt);
        Assert.Equal(AlertNotificationState.Delivered, (await Service.GetAsync(channel.Id, Ct))!.LastDeliveryState);
    }

    [Fact]
    public async Task SendTest_WeComRefusesTheKey_ReturnsTheChannelsAnswerAndRecordsAFailure()
    {
        var channel = await Service.CreateAsync(new AlertChannelInput
        {
            Name = "wecom", Kind = AlertChannelKind.WeCom, Culture = "en", Url = _robots.WeComUrl("wrong-key-0000000000").ToString(),
        }, Ct);

        var delivery = await Service.SendTestAsync(channel.Id, Ct);

        Assert.False(delivery.Delivered);
        Assert.StartsWith("""{"errcode":93000,"errmsg":"invalid webhook url""", delivery.Answer, StringComparison.Ordinal);
        var row = await _core.ReadAsync(db => db.AlertNotifications.SingleAsync(Ct));
        Assert.Equal((AlertNotificationState.Failed, AlertNotificationPurpose.Test, delivery.Answer), (row.State, row.Purpose, row.Answer));
        Assert.StartsWith("Test message: wecom", row.Message.Title, StringComparison.Ordinal);
        Assert.Equal(AlertNotificationState.Failed, (await Service.GetAsync(channel.Id, Ct))!.LastDeliveryState);
    }

    [Fact]
    public async Task SendTest_NothingListening_FailsWithoutStatusAndKeepsTheHistoryAfterDelete()
    {
        var channel = await Service.CreateAsync(new AlertChannelInput
        {
            Name = "hook", Kind = AlertChannelKind.Webhook, Url = $"http://127.0.0.1:{ChannelSendersHost.ClosedPort()}/alerts",
        }, Ct);

        var delivery = await Service.SendTestAsync(channel.Id, Ct);
        await Service.DeleteAsync(channel.Id, Ct);

        Assert.Equal((false, (int?)null), (delivery.Delivered, delivery.Status));
        var row = await _core.ReadAsync(db => db.AlertNotifications.SingleAsync(Ct));
        Assert.Equal(("hook", (long?)null, AlertNotificationState.Failed), (row.ChannelName, row.ChannelId, row.State));
    }
}

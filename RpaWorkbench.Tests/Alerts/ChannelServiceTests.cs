using Microsoft.EntityFrameworkCore;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Management;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Alerts;

public sealed class ChannelServiceTests : IAsyncLifetime
{
    private const string DingTalkUrl = "https://oapi.dingtalk.com/robot/send?access_token=9f8e7d6c5b4a3210fedcba98a1b2";
    private const string SigningSecret = "SECd41d8cd98f00b204e9800998ecf8427e";

    private readonly CoreTestHost _core = new();
    private CancellationToken Ct => TestContext.Current.CancellationToken;
    private AlertChannelService Service => _core.Get<AlertChannelService>();

    public async ValueTask InitializeAsync()
    {
        await _core.MigrateAsync();
        _core.User.SignIn(Roles.Admin);
    }

    public ValueTask DisposeAsync() => _core.DisposeAsync();

    [Fact]
    public async Task Create_DingTalk_StoresUrlAndSecretEncryptedAndShowsOnlyTheHint()
    {
        var created = await Service.CreateAsync(DingTalk("值班群") with { Secret = SigningSecret }, Ct);

        Assert.Equal(("值班群", AlertChannelKind.DingTalk, "zh-CN", true, true, 0),
            (created.Name, created.Kind, created.Culture, created.Enabled, created.HasSecret, created.Version));
        Assert.Equal("https://oapi.dingtalk.com/robot/send?access_token=…a1b2", created.UrlHint);
        var url = await RawAsync("UrlProtected");
        var secret = await RawAsync("SecretProtected");
        Assert.DoesNotContain("9f8e7d6c", url, StringComparison.Ordinal);
        Assert.DoesNotContain("d41d8cd9", secret, StringComparison.Ordinal);
        var secrets = _core.Get<AlertChannelSecrets>();
        Assert.Equal((DingTalkUrl, SigningSecret), (secrets.Unprotect(url!), secrets.Unprotect(secret!)));
    }

    [Theory]
    [InlineData(AlertChannelKind.WeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7aaa-4bc4-97a0-0ec2sifa5aaa",
        "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…5aaa")]
    [InlineData(AlertChannelKind.Feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/2f0e8a8c-6c1f-4c55-9d7e-6a1c0b7e1f00",
        "https://open.feishu.cn/open-apis/bot/v2/hook/…1f00")]
    [InlineData(AlertChannelKind.Slack, "https://hooks.slack.com/services/T0001/B0002/XXXXXXXXXXXXXXXXXXXXzq9w",
        "https://hooks.slack.com/services/T0001/B0002/…zq9w")]
    [InlineData(AlertChannelKind.Webhook, "http://127.0.0.1:8080/hooks/alerts?token=secret-token-value", "http://127.0.0.1:8080/hooks/alerts?…")]
    [InlineData(AlertChannelKind.DingTalk, "http://127.0.0.1:5001/robot/send?access_token=short", "http://127.0.0.1:5001/robot/send?access_token=…")]
    public async Task Create_EachWebhookKind_HintCutsTheTokenToItsLastFourCharacters(AlertChannelKind kind, string url, string hint)
    {
        var created = await Service.CreateAsync(new AlertChannelInput { Name = "c", Kind = kind, Culture = "en", Url = url }, Ct);

        Assert.Equal(hint, created.UrlHint);
    }

    [Theory]
    [InlineData(AlertChannelKind.DingTalk, "https://oapi.dingtalk.com/robot/sendx?access_token=abc", "AlertChannelUrlShape")]
    [InlineData(AlertChannelKind.DingTalk, "https://oapi.dingtalk.com/robot/send", "AlertChannelUrlShape")]
    [InlineData(AlertChannelKind.WeCom, "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?token=abc", "AlertChannelUrlShape")]
    [InlineData(AlertChannelKind.Feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/", "AlertChannelUrlShape")]
    [InlineData(AlertChannelKind.Feishu, "https://open.feishu.cn/open-apis/bot/v2/hook/abc/extra", "AlertChannelUrlShape")]
    [InlineData(AlertChannelKind.Slack, "ftp://hooks.slack.com/services/x", "InvalidUrl")]
    [InlineData(AlertChannelKind.Webhook, "/relative/path", "InvalidUrl")]
    [InlineData(AlertChannelKind.Webhook, " ", "Required")]
    public async Task Create_BadUrlForTheKind_RefusedNamingUrlAndWritesNothing(AlertChannelKind kind, string url, string code)
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.CreateAsync(new AlertChannelInput { Name = "c", Kind = kind, Url = url }, Ct));

        Assert.Equal(("url", code), (Assert.Single(error.Errors).Field, error.Errors[0].Code));
        Assert.Equal(0, await _core.ReadAsync(db => db.AlertChannels.CountAsync(Ct)));
    }

    [Fact]
    public async Task Create_BadEmailSettings_NamesEveryField()
    {
        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(new AlertChannelInput
        {
            Name = "",
            Kind = AlertChannelKind.Email,
            Culture = "fr",
            SmtpHost = "bad host",
            SmtpPort = 0,
            SmtpFrom = "not-an-address",
            SmtpTo = ["ops@example.com", "nobody"],
        }, Ct));

        Assert.Equal(
            [("name", "Required"), ("culture", "InvalidValue"), ("smtp_host", "InvalidHost"), ("smtp_port", "PortOutOfRange"),
                ("smtp_from", "AlertChannelInvalidAddress"), ("smtp_to", "AlertChannelInvalidAddress")],
            error.Errors.Select(e => (e.Field, e.Code)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    public async Task Create_EmailWithoutOneToFiftyRecipients_Refused(int count)
    {
        var input = Email("mail") with { SmtpTo = Enumerable.Range(1, count).Select(i => $"ops{i}@example.com").ToList() };

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(input, Ct));

        Assert.Equal(("smtp_to", "AlertChannelRecipientCount", 50), (Assert.Single(error.Errors).Field, error.Errors[0].Code, error.Errors[0].Limit));
    }

    [Fact]
    public async Task Create_Email_StoresSettingsAndPasswordEncrypted()
    {
        var created = await Service.CreateAsync(Email("mail") with { SmtpTo = ["a@example.com", " b@example.com ", "A@example.com"] }, Ct);

        Assert.Equal(("smtp.example.com", 587, SmtpSecurity.StartTls, "alerts", true, "alerts@example.com"),
            (created.SmtpHost, created.SmtpPort, created.SmtpSecurity, created.SmtpUserName, created.HasSmtpPassword, created.SmtpFrom));
        Assert.Equal(["a@example.com", "b@example.com"], created.SmtpTo);
        Assert.Null(created.UrlHint);
        Assert.DoesNotContain("pa55-word", await RawAsync("SmtpPasswordProtected"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_TakenName_Refused()
    {
        await Service.CreateAsync(DingTalk("ops"), Ct);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(() => Service.CreateAsync(DingTalk(" ops "), Ct));

        Assert.Equal(("name", "AlertChannelDuplicateName"), (Assert.Single(error.Errors).Field, error.Errors[0].Code));
    }

    [Fact]
    public async Task Update_EmptySecrets_KeepTheStoredOnes()
    {
        var created = await Service.CreateAsync(DingTalk("ops") with { Secret = SigningSecret }, Ct);
        var urlBefore = await RawAsync("UrlProtected");

        var edited = await Service.UpdateAsync(created.Id, new AlertChannelInput
        {
            Name = "ops-2", Kind = AlertChannelKind.DingTalk, Culture = "en", Url = "", Secret = null, Version = created.Version,
        }, Ct);

        Assert.Equal(("ops-2", "en", true, "https://oapi.dingtalk.com/robot/send?access_token=…a1b2", 1),
            (edited.Name, edited.Culture, edited.HasSecret, edited.UrlHint, edited.Version));
        Assert.Equal(urlBefore, await RawAsync("UrlProtected"));
        Assert.Equal(SigningSecret, _core.Get<AlertChannelSecrets>().Unprotect((await RawAsync("SecretProtected"))!));
    }

    [Fact]
    public async Task Update_ClearSecret_RemovesItAndANewOneReplacesIt()
    {
        var created = await Service.CreateAsync(DingTalk("ops") with { Secret = SigningSecret }, Ct);

        var cleared = await Service.UpdateAsync(created.Id, DingTalk("ops") with { Url = null, ClearSecret = true }, Ct);
        Assert.False(cleared.HasSecret);
        Assert.Null(await RawAsync("SecretProtected"));

        var replaced = await Service.UpdateAsync(created.Id, DingTalk("ops") with { Url = null, Secret = "SECnew0123456789" }, Ct);
        Assert.True(replaced.HasSecret);
        Assert.Equal("SECnew0123456789", _core.Get<AlertChannelSecrets>().Unprotect((await RawAsync("SecretProtected"))!));
    }

    [Fact]
    public async Task Update_KindChangedWithoutANewUrl_RequiresTheUrl()
    {
        var created = await Service.CreateAsync(DingTalk("ops"), Ct);

        var error = await Assert.ThrowsAsync<ValidationFailedException>(
            () => Service.UpdateAsync(created.Id, new AlertChannelInput { Name = "ops", Kind = AlertChannelKind.Slack }, Ct));

        Assert.Equal(("url", "Required"), (Assert.Single(error.Errors).Field, error.Errors[0].Code));
    }

    [Fact]
    public async Task Update_StaleVersion_RefusedAsAConflict()
    {
        var created = await Service.CreateAsync(DingTalk("ops"), Ct);
        await Service.SetEnabledAsync(created.Id, false, created.Version, Ct);

        var error = await Assert.ThrowsAsync<RuleViolationException>(
            () => Service.UpdateAsync(created.Id, DingTalk("ops-renamed") with { Version = created.Version }, Ct));

        Assert.Equal(ErrorCodes.ConcurrencyConflict, error.Code);
        var stored = (await Service.GetAsync(created.Id, Ct))!;
        Assert.Equal(("ops", false), (stored.Name, stored.Enabled));
    }

    [Fact]
    public async Task Delete_TakesTheChannelOutOfEveryRuleInTheSameChange()
    {
        var kept = await Service.CreateAsync(DingTalk("kept"), Ct);
        var gone = await Service.CreateAsync(DingTalk("gone"), Ct);
        await using (var db = await _core.CreateDbContextAsync())
        {
            db.AlertRules.Add(Rule("both", [kept.Id, gone.Id]));
            db.AlertRules.Add(Rule("only-gone", [gone.Id]));
            db.AlertRules.Add(Rule("only-kept", [kept.Id]));
            await db.SaveChangesAsync(Ct);
        }

        await Service.DeleteAsync(gone.Id, Ct);

        var rules = await _core.ReadAsync(db => db.AlertRules.OrderBy(r => r.Name).Select(r => new { r.Name, r.ChannelIds, r.Version }).ToListAsync(Ct));
        Assert.Equal(["both", "only-gone", "only-kept"], rules.Select(r => r.Name));
        Assert.Equal([kept.Id], rules[0].ChannelIds);
        Assert.Empty(rules[1].ChannelIds);
        Assert.Equal([kept.Id], rules[2].ChannelIds);
        Assert.Equal([1, 1, 0], rules.Select(r => r.Version));
        Assert.Null(await Service.GetAsync(gone.Id, Ct));
    }

    [Fact]
    public async Task Audit_RecordsChangesWithoutAnySecret()
    {
        var created = await Service.CreateAsync(DingTalk("ops") with { Secret = SigningSecret }, Ct);
        await Service.UpdateAsync(created.Id, DingTalk("ops") with { Url = null, Secret = "SECnew0123456789" }, Ct);

        var entries = await _core.ReadAsync(db => db.AuditEntries.Where(e => e.TargetType == "alert_channel").OrderBy(e => e.Id).ToListAsync(Ct));

        Assert.Equal(["alert_channel.created", "alert_channel.updated"], entries.Select(e => e.Action));
        Assert.Contains("\"secret\":{\"before\":\"set\",\"after\":\"replaced\"}", entries[1].Changes, StringComparison.Ordinal);
        Assert.All(entries, e => Assert.DoesNotContain("9f8e7d6c", e.Changes ?? "", StringComparison.Ordinal));
        Assert.All(entries, e => Assert.DoesNotContain("SEC", e.Changes ?? "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Roles_OperatorAndViewerReadButCannotChangeOrTest()
    {
        var created = await Service.CreateAsync(DingTalk("ops"), Ct);

        foreach (var role in new[] { Roles.Operator, Roles.Viewer })
        {
            _core.User.SignIn(role);
            Assert.Equal(["ops"], (await Service.ListAsync(Ct)).Select(c => c.Name));
            await AssertForbiddenAsync(() => Service.CreateAsync(DingTalk("other"), Ct));
            await AssertForbiddenAsync(() => Service.UpdateAsync(created.Id, DingTalk("other"), Ct));
            await AssertForbiddenAsync(() => Service.SetEnabledAsync(created.Id, false, null, Ct));
            await AssertForbiddenAsync(() => Service.DeleteAsync(created.Id, Ct));
            await AssertForbiddenAsync(() => Service.SendTestAsync(created.Id, Ct));
        }

        Assert.Equal(1, await _core.ReadAsync(db => db.AlertChannels.CountAsync(Ct)));
    }

    private static AlertChannelInput DingTalk(string name) => new() { Name = name, Kind = AlertChannelKind.DingTalk, Url = DingTalkUrl };

    private static AlertChannelInput Email(string name) => new()
    {
        Name = name, Kind = AlertChannelKind.Email, Culture = "en", SmtpHost = "smtp.example.com", SmtpPort = 587,
        SmtpUserName = "alerts", SmtpPassword = "pa55-word", SmtpFrom = "alerts@example.com", SmtpTo = ["ops@example.com"],
    };

    private static AlertRule Rule(string name, IReadOnlyList<long> channelIds) =>
        new() { Name = name, Kind = AlertRuleKind.FailuresInARow, Threshold = 3, ChannelIds = channelIds, CreatedBy = "admin" };

    // The column as stored (these string columns have no value converter), not the service's view of it.
    private Task<string?> RawAsync(string column) =>
        _core.ReadAsync(db => db.AlertChannels.Select(c => EF.Property<string?>(c, column)).SingleAsync(Ct));

    private static async Task AssertForbiddenAsync(Func<Task> action) =>
        Assert.Equal(ErrorCodes.Forbidden, (await Assert.ThrowsAsync<AccessDeniedException>(action)).Code);
}

using System.Net;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Settings;

/// <summary>The ShadowBot access key secret is a secret: the settings page says only that it is set, and a start never logs it.</summary>
public sealed class ShadowBotSecretTests(ShadowBotWorkbenchFixture fixture) : IClassFixture<ShadowBotWorkbenchFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SettingsPage_ShowsTheAccessKeySecretOnlyAsSet()
    {
        var cookie = await fixture.App.SignInCookieAsync(WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
        using var admin = new HttpClient { BaseAddress = fixture.App.BaseUrl };
        admin.DefaultRequestHeaders.Add("Cookie", $"{cookie.Name}={cookie.Value}");
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var response = await admin.GetAsync("/admin/settings", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("set (never shown)", SettingsSecretsTests.RowOf(html, "Workbench:ShadowBot:AccessKeySecret"), StringComparison.Ordinal);
        Assert.DoesNotContain(FakeShadowBot.AccessKeySecret, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_FetchesAToken_NothingLoggedCarriesTheAccessKeySecret()
    {
        var (_, taskId) = await fixture.AddShadowBotTaskAsync("secret-robot-01", "密钥检查", "密钥应用", "app-secret-01");

        await fixture.StartViaApiAsync(taskId);

        var logs = fixture.Logs.Entries.Select(e => e.AllText).ToList();
        Assert.Contains(logs, text => text.Contains("Fetched a ShadowBot access token", StringComparison.Ordinal));
        Assert.Contains(logs, text => text.Contains("token/v2/token/create", StringComparison.Ordinal));
        Assert.DoesNotContain(logs, text => text.Contains(FakeShadowBot.AccessKeySecret, StringComparison.Ordinal));
    }
}

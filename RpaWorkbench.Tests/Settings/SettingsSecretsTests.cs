using System.Net;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Settings;

/// <summary>The settings page, as the server sends it to an admin, says secrets are set but never shows them.</summary>
public sealed class SettingsSecretsTests(WebhookAppFactory app) : IClassFixture<WebhookAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SettingsPage_ShowsThatSecretsAreSetButNeverTheirValues()
    {
        var admin = await app.SignedInAsync();
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var response = await admin.GetAsync("/admin/settings", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Workbench:Bootstrap:WebhookApiKey", html, StringComparison.Ordinal);
        Assert.Contains("set (never shown)", html, StringComparison.Ordinal);
        Assert.Contains("Asia/Shanghai", html, StringComparison.Ordinal);
        Assert.DoesNotContain(WebhookAppFactory.Key, html, StringComparison.Ordinal);
        Assert.DoesNotContain(WorkbenchAppFactory.AdminPassword, html, StringComparison.Ordinal);
        Assert.DoesNotContain("Pooling", html, StringComparison.Ordinal);
    }
}

using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Settings;

/// <summary>The settings page, as the server sends it to an admin, says secrets are set but never shows them.</summary>
public abstract class SettingsSecretsTests(WebhookAppFactory app)
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
        Assert.DoesNotContain(PostgresServerFixture.Password, html, StringComparison.Ordinal);
        Assert.Contains("Workbench:Database:Provider", html, StringComparison.Ordinal);
        Assert.Contains(app.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider.ToString(), html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SettingsPage_ShowsS3KeysAsSetButNeverTheirValues_AndTheConfiguredProxyAndAddress()
    {
        const string accessKey = "AKIA-access-key-never-shown";
        const string secretKey = "s3-secret-key-never-shown-0123456789";
        await using var s3App = WorkbenchAppFactory.With(new Dictionary<string, string>
        {
            ["Workbench:Storage:Provider"] = "S3",
            ["Workbench:Storage:S3:ServiceUrl"] = "http://127.0.0.1:9000",
            ["Workbench:Storage:S3:Bucket"] = "robot-configs",
            ["Workbench:Storage:S3:AccessKey"] = accessKey,
            ["Workbench:Storage:S3:SecretKey"] = secretKey,
            ["Workbench:Storage:ProxyAllowedHosts:0"] = "files.example.com",
            ["Workbench:Storage:ProxyAllowedHosts:1"] = "*.oss.example.com",
            ["Workbench:PublicBaseUrl"] = "http://10.0.0.5:5000/",
        });
        var admin = await s3App.SignedInAsync();
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var response = await admin.GetAsync("/admin/settings", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Workbench:Storage:S3:SecretKey", html, StringComparison.Ordinal);
        Assert.Contains("Workbench:Storage:S3:AccessKey", html, StringComparison.Ordinal);
        Assert.Contains("robot-configs", html, StringComparison.Ordinal);
        Assert.Contains("files.example.com, *.oss.example.com", html, StringComparison.Ordinal);
        Assert.Contains("http://10.0.0.5:5000/", html, StringComparison.Ordinal);
        Assert.Contains("set (never shown)", RowOf(html, "Workbench:Storage:S3:SecretKey"), StringComparison.Ordinal);
        Assert.Contains("set (never shown)", RowOf(html, "Workbench:Storage:S3:AccessKey"), StringComparison.Ordinal);
        Assert.DoesNotContain(secretKey, html, StringComparison.Ordinal);
        Assert.DoesNotContain(accessKey, html, StringComparison.Ordinal);
    }

    /// <summary>The table row (up to its closing tag) that names the configuration key (its first, or nth, row).</summary>
    internal static string RowOf(string html, string key, int occurrence = 1)
    {
        var start = -1;
        for (var i = 0; i < occurrence; i++)
        {
            start = html.IndexOf($"<code>{key}</code>", start + 1, StringComparison.Ordinal);
        }

        Assert.True(start >= 0, $"{key} is not on the page {occurrence} time(s)");
        return html[start..html.IndexOf("</tr>", start, StringComparison.Ordinal)];
    }
}

public sealed class SettingsSecretsTestsOnSqlite(WebhookAppFactory app) : SettingsSecretsTests(app), IClassFixture<WebhookAppFactory>;

public sealed class SettingsSecretsTestsOnPostgreSql(PostgreSqlWebhookAppFactory app) : SettingsSecretsTests(app), IClassFixture<PostgreSqlWebhookAppFactory>;

using System.Net;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Settings;

/// <summary>The settings page tells an admin whether this instance shares events and keys through Redis, never the password.</summary>
public sealed class RedisSettingsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RedisWithPassword_ShowsServerAndThatAPasswordIsSet_NeverThePassword()
    {
        const string password = "redis-password-never-shown-42";
        await using var redis = await RedisServer.StartAsync(password);
        await using var app = WorkbenchAppFactory.With(new Dictionary<string, string>
        {
            ["ConnectionStrings:Redis"] = redis.ConnectionString,
            ["Workbench:Redis:Prefix"] = "settings-test",
        });

        var html = await SettingsPageAsync(app);

        Assert.Contains($"127.0.0.1:{redis.Port}", html, StringComparison.Ordinal);
        Assert.Contains("settings-test:events", html, StringComparison.Ordinal);
        Assert.Contains("Redis: settings-test:data-protection-keys", html, StringComparison.Ordinal);
        Assert.Contains("set (never shown)", SettingsSecretsTests.RowOf(html, "ConnectionStrings:Redis", occurrence: 2), StringComparison.Ordinal);
        Assert.DoesNotContain(password, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoRedis_ShowsSingleInstanceAndTheKeyFolder()
    {
        await using var app = new WorkbenchAppFactory();

        var html = await SettingsPageAsync(app);

        Assert.Contains("off (single instance)", SettingsSecretsTests.RowOf(html, "ConnectionStrings:Redis"), StringComparison.Ordinal);
        Assert.Contains(Path.Combine(app.DataDirectory, "keys"), html, StringComparison.Ordinal);
    }

    private static async Task<string> SettingsPageAsync(WorkbenchAppFactory app)
    {
        var admin = await app.SignedInAsync();
        admin.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        var response = await admin.GetAsync("/admin/settings", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync(Ct);
    }
}

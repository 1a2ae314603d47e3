using System.Text.RegularExpressions;
using Microsoft.Playwright;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.ApiKeys;

/// <summary>An admin's API key from creation to revocation in Chromium, and the audit trail that records both.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class ApiKeysBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Admin_CreatesKey_SeesSecretOnce_RevokesIt_AuditShowsBoth()
    {
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(Admin_CreatesKey_SeesSecretOnce_RevokesIt_AuditShowsBoth), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/admin/api-keys");
            await page.GetByRole(AriaRole.Button, new() { Name = "New API key" }).ClickAsync();
            var dialog = page.GetByRole(AriaRole.Dialog);
            await dialog.GetByLabel("Name").FillAsync("pw-robots");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();

            var secretField = dialog.Locator("input[data-testid=api-key-secret]");
            await Expect(secretField).ToHaveValueAsync(SecretPattern());
            var secret = await secretField.InputValueAsync();
            await Expect(dialog).ToContainTextAsync("shown only this once");
            await Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "Copy" })).ToBeVisibleAsync();
            await DocsScreenshots.SaveAsync(page, "api-key-created");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
            await Expect(dialog).ToBeHiddenAsync();

            var row = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "pw-robots" });
            await Expect(row).ToContainTextAsync("Active");
            await Expect(row).ToContainTextAsync("admin");
            Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
            Assert.Equal(200, await HeartbeatAsync(page, secret));

            await row.GetByRole(AriaRole.Button, new() { Name = "Revoke pw-robots" }).ClickAsync();
            await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Revoke" }).ClickAsync();
            await Expect(row).ToContainTextAsync("Revoked");
            Assert.Equal(401, await HeartbeatAsync(page, secret));

            await BrowserFixture.GotoInteractiveAsync(page, "/admin/audit?target=pw-robots");
            var created = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "API key created" });
            var revoked = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "API key revoked" });
            await Expect(created).ToContainTextAsync("admin");
            await Expect(created).ToContainTextAsync("127.0.0.1");
            await Expect(revoked).ToContainTextAsync("pw-robots");
            await Expect(revoked).ToContainTextAsync("revoked");
            await DocsScreenshots.SaveAsync(page, "audit");
            Assert.DoesNotContain(secret, await page.ContentAsync(), StringComparison.Ordinal);
        });
    }

    private static async Task<int> HeartbeatAsync(IPage page, string key)
    {
        var response = await page.APIRequest.PostAsync("/api/v1/webhook/heartbeat", new()
        {
            Headers = new Dictionary<string, string> { ["X-Api-Key"] = key },
            DataObject = new Dictionary<string, object> { ["shadow_bot_account"] = "pw-key-robot" },
        });
        return response.Status;
    }

    [GeneratedRegex("^wbk_[A-Za-z0-9_-]{43}$")]
    private static partial Regex SecretPattern();
}

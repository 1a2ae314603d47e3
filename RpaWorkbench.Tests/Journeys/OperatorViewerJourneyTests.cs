using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Webhooks;
using RpaWorkbench.Web.Features.Storage;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.Journeys;

/// <summary>
/// Issue 9's journeys 3 and 4 in Chromium: an Operator and a Viewer watching the same page see one webhook land; the
/// Viewer has no Start button and the API refuses the Viewer's direct call; language and dark mode survive reloads.
/// How fast the update shows is measured by the <c>-- live</c> benchmark, not here.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class OperatorViewerJourneyTests(BrowserFixture browser)
{
    private const string Password = "journey pass phrase";

    // A demo robot (registered with this host and port), so the callback updates its row instead of adding one.
    private const string Robot = "tygj002";
    private const string RobotRow = "tygj002-192.168.10.22:8080";

    // Each row's button is labelled "Start <task name>".
    private static readonly System.Text.RegularExpressions.Regex StartButton = new("^Start ");

    [Fact]
    public async Task OperatorAndViewer_SeeTheSameWebhookLand_ViewerCannotStart()
    {
        await browser.App.AddUserAsync("j-operator", Password, Roles.Operator);
        await browser.App.AddUserAsync("j-viewer", Password, Roles.Viewer);
        var operatorPage = await browser.NewPageAsync(userName: "j-operator", password: Password);
        var viewerPage = await browser.NewPageAsync(userName: "j-viewer", password: Password);
        await BrowserEvidence.RunAsync(viewerPage, nameof(OperatorAndViewer_SeeTheSameWebhookLand_ViewerCannotStart), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(operatorPage, "/accounts");
            await BrowserFixture.GotoInteractiveAsync(viewerPage, "/accounts");
            var app = "旅程-" + Guid.NewGuid().ToString("N")[..6];

            await PostCompletionAsync(app);

            await Task.WhenAll(
                Expect(operatorPage.GetByRole(AriaRole.Row).Filter(new() { HasText = RobotRow })).ToContainTextAsync(app, new() { Timeout = 5_000 }),
                Expect(viewerPage.GetByRole(AriaRole.Row).Filter(new() { HasText = RobotRow })).ToContainTextAsync(app, new() { Timeout = 5_000 }));

            await BrowserFixture.GotoInteractiveAsync(operatorPage, "/tasks");
            await BrowserFixture.GotoInteractiveAsync(viewerPage, "/tasks");
            await Expect(operatorPage.GetByRole(AriaRole.Button, new() { NameRegex = StartButton }).First).ToBeVisibleAsync();
            await Expect(viewerPage.GetByRole(AriaRole.Row).Nth(1)).ToBeVisibleAsync();
            await Expect(viewerPage.GetByRole(AriaRole.Button, new() { NameRegex = StartButton })).ToHaveCountAsync(0);

            // The Viewer's own session, calling the API a page would (the browser context's cookies).
            var form = viewerPage.Context.APIRequest.CreateFormData();
            form.Set(ConfigUploadEndpoint.TaskIdField, await AnyTaskIdAsync());
            form.Set(ConfigUploadEndpoint.FileField, new FilePayload { Name = "rules.json", MimeType = "application/json", Buffer = [(byte)'{', (byte)'}'] });
            var refused = await viewerPage.Context.APIRequest.PostAsync(ConfigUploadEndpoint.Path, new() { Multipart = form });
            Assert.Equal((int)HttpStatusCode.Forbidden, refused.Status);
        });
    }

    [Fact]
    public async Task LanguageAndDarkMode_PersistAcrossReloads()
    {
        var page = await browser.NewPageAsync();
        await BrowserEvidence.RunAsync(page, nameof(LanguageAndDarkMode_PersistAcrossReloads), async () =>
        {
            await BrowserFixture.GotoInteractiveAsync(page, "/accounts");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Robot accounts" })).ToBeVisibleAsync();

            await SwitchLanguageAsync(page, "Language", "中文（中国）");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "机器人账号" })).ToBeVisibleAsync();
            await page.ReloadAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "机器人账号" })).ToBeVisibleAsync();
            await SwitchLanguageAsync(page, "语言", "English");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Robot accounts" })).ToBeVisibleAsync();
            await page.ReloadAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Robot accounts" })).ToBeVisibleAsync();

            await page.Locator("[data-workbench-ready=true]").WaitForAsync();
            var light = await BackgroundAsync(page);
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
            await Expect(page.Locator("body")).Not.ToHaveCSSAsync("background-color", light);
            var dark = await BackgroundAsync(page);
            await page.ReloadAsync();
            await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", dark);

            await page.Locator("[data-workbench-ready=true]").WaitForAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Toggle dark mode" }).ClickAsync();
            await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", light);
        });
    }

    private static async Task SwitchLanguageAsync(IPage page, string menuLabel, string language)
    {
        await page.Locator("[data-workbench-ready=true]").WaitForAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = menuLabel }).ClickAsync();
        await page.GetByText(language, new() { Exact = true }).ClickAsync();
    }

    private static Task<string> BackgroundAsync(IPage page) =>
        page.Locator("body").EvaluateAsync<string>("body => getComputedStyle(body).backgroundColor");

    // Ends now, so it is the robot's latest run and decides its row.
    private async Task PostCompletionAsync(string app)
    {
        var end = DateTime.UtcNow;
        using var robot = new HttpClient { BaseAddress = browser.App.BaseUrl };
        robot.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
        var payload = WebhookPayloads.SeedCompletion(Robot)
            .With("app_name", app)
            .With("host_ip", "192.168.10.22").With("port", 8080)
            .With("start_time", end.AddMinutes(-30).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture))
            .With("end_time", end.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        (await robot.PostAsJsonAsync("/api/v1/webhook/execution-complete", payload)).EnsureSuccessStatusCode();
    }

    private async Task<string> AnyTaskIdAsync()
    {
        await using var db = await browser.App.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync();
        return (await db.Tasks.Select(t => t.Id).FirstAsync()).ToString(CultureInfo.InvariantCulture);
    }
}

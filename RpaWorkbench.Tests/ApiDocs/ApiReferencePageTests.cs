using System.Net;
using Microsoft.Playwright;
using RpaWorkbench.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace RpaWorkbench.Tests.ApiDocs;

/// <summary>The API reference page at <c>/docs</c>: signed-in users only, everything from the Workbench itself.</summary>
public sealed class ApiReferencePageTests : IAsyncLifetime
{
    private readonly WorkbenchAppFactory _app = new();

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Theory]
    [InlineData("/docs")]
    [InlineData("/docs/")]
    public async Task Docs_Anonymous_RedirectsToSignIn(string path)
    {
        using var anonymous = _app.Browser();

        var response = await anonymous.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Docs_SignedIn_ServesThePageWithANonceInItsPolicyAndTheScriptFromTheApp()
    {
        using var client = await _app.SignedInAsync();

        var response = await client.GetAsync("/docs/", TestContext.Current.CancellationToken);
        var html = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.Contains($"nonce=\"{nonce}\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", html.Replace("https://github.com", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/docs/scalar.js", TestContext.Current.CancellationToken)).StatusCode);
    }
}

/// <summary>The reference page renders the document in a real Chromium under the Workbench's policy, loading nothing from elsewhere.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ApiReferenceBrowserTests(BrowserFixture browser)
{
    [Fact]
    public async Task Docs_SignedIn_RendersTheOperationsAndNothingIsRefusedOrFetchedElsewhere()
    {
        var page = await browser.NewPageAsync();
        var policy = await PolicyViolations.WatchAsync(page);
        var elsewhere = new List<string>();
        page.Request += (_, request) =>
        {
            if (!request.Url.StartsWith(browser.App.BaseUrl.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
                && !request.Url.StartsWith("data:", StringComparison.Ordinal) && !request.Url.StartsWith("blob:", StringComparison.Ordinal))
            {
                lock (elsewhere)
                {
                    elsewhere.Add(request.Url);
                }
            }
        };
        await BrowserEvidence.RunAsync(page, nameof(Docs_SignedIn_RendersTheOperationsAndNothingIsRefusedOrFetchedElsewhere), async () =>
        {
            await page.GotoAsync("/docs/");

            await Expect(page.GetByText("RPA Workbench API").First).ToBeVisibleAsync();
            await Expect(page.GetByText("An app has ended: stores one execution log").First).ToBeVisibleAsync();

            // Scalar's bundled zod probes once whether eval is allowed (try { Function('') } catch → its slower path); the
            // policy keeps refusing it. Any other refusal fails.
            var script = browser.App.BaseUrl.GetLeftPart(UriPartial.Authority) + "/docs/scalar.js";
            var refused = (await policy.ReportedAsync()).Where(v => !v.StartsWith($"script-src blocked eval at {script}:", StringComparison.Ordinal)).ToList();
            Assert.True(refused.Count == 0, string.Join(Environment.NewLine, refused));
            var console = policy.ConsoleMessages.Where(m => !(m.Contains("'unsafe-eval'", StringComparison.Ordinal) && m.Contains(script, StringComparison.Ordinal))).ToList();
            Assert.True(console.Count == 0, string.Join(Environment.NewLine, console));
            lock (elsewhere)
            {
                Assert.True(elsewhere.Count == 0, "Requested outside the Workbench: " + string.Join(", ", elsewhere));
            }
        });
    }
}

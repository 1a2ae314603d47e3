using System.Net;
using System.Reflection;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// Every page of the app, found from its <c>@page</c> routes (so a page added later is covered without editing this
/// test), sends an anonymous visitor to sign in and back; only the pages marked [AllowAnonymous] open.
/// </summary>
public sealed partial class PageAuthorizationTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private static readonly string[] ExpectedAnonymous = ["/Error", "/setup", "/signin"];
    private static readonly string[] AdminPages = ["/admin/users", "/admin/api-keys", "/admin/audit", "/admin/settings"];

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> ProtectedPages => [.. Pages().Where(p => !p.Anonymous).Select(p => p.Path)];

    public static TheoryData<string> AdminPagesData => [.. AdminPages];

    [Theory]
    [MemberData(nameof(ProtectedPages))]
    public async Task ProtectedPage_Anonymous_RedirectsToSignInWithReturnUrl(string path)
    {
        var response = await app.Browser().GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/signin?ReturnUrl={Uri.EscapeDataString(path)}", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public void AnonymousPages_AreExactlySignInSetUpAndError()
    {
        Assert.Equal(ExpectedAnonymous, Pages().Where(p => p.Anonymous).Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.True(ProtectedPages.Count >= 5, "The route scan found too few pages; is it still reading the Web assembly?");
    }

    [Fact]
    public async Task ProtectedPage_WithQuery_ReturnUrlKeepsIt()
    {
        var response = await app.Browser().GetAsync("/accounts?status=failed", Ct);

        Assert.Equal("/signin?ReturnUrl=%2Faccounts%3Fstatus%3Dfailed", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task UnknownPath_Anonymous_RedirectsToSignInNotNotFound()
    {
        var response = await app.Browser().GetAsync("/no-such-page", Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/signin")]
    [InlineData("/Error")]
    [InlineData("/healthz")]
    [InlineData("/culture/set?culture=en&redirectUri=%2Fsignin")]
    [InlineData("/_framework/blazor.web.js")]
    [InlineData("/_content/MudBlazor/MudBlazor.min.css")]
    [InlineData("/app.css")]
    public async Task OpenEndpoints_Anonymous_AreServed(string path)
    {
        var response = await app.Browser().GetAsync(path, Ct);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}");
        Assert.DoesNotContain("ReturnUrl", response.Headers.Location?.OriginalString ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task ProtectedPage_SignedIn_Renders()
    {
        var client = await app.SignedInAsync();

        var response = await client.GetAsync("/accounts", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public void AdminPages_AreAmongTheScannedRoutes()
    {
        Assert.Superset(new HashSet<string>(AdminPages), Pages().Where(p => !p.Anonymous).Select(p => p.Path).ToHashSet());
    }

    [Theory]
    [MemberData(nameof(AdminPagesData))]
    public async Task AdminPage_SignedInAsOperator_IsSentToNoPermission(string path)
    {
        var userName = "pages-operator" + path.Replace('/', '-');
        await app.AddUserAsync(userName, "operator pass phrase", Roles.Operator);
        var client = await app.SignedInAsync(userName, "operator pass phrase");
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");

        var response = await client.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        Assert.Contains("No permission", await client.GetStringAsync(response.Headers.Location, Ct), StringComparison.Ordinal);
    }

    private static IEnumerable<(string Path, bool Anonymous)> Pages() =>
        typeof(Program).Assembly.GetTypes()
            .Where(t => typeof(IComponent).IsAssignableFrom(t))
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>().Select(r => (
                Path: RouteParameter().Replace(r.Template, "1"),
                Anonymous: t.GetCustomAttribute<AllowAnonymousAttribute>() is not null)));

    // "/logs/{id:long}" becomes "/logs/1": a page with parameters must redirect as well.
    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}

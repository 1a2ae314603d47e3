using System.Net;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Localization;

public sealed class CultureTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("zh-CN,zh;q=0.9", "机器人账号", "zh-CN")]
    [InlineData("en-US,en;q=0.9", "Robot accounts", "en")]
    [InlineData("fr-FR", "机器人账号", "zh-CN")]
    public async Task AccountsPage_FirstVisit_FollowsBrowserLanguage(string acceptLanguage, string heading, string lang)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/accounts");
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);

        var client = await app.SignedInAsync();

        var html = await (await client.SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Contains($"<html lang=\"{lang}\"", html, StringComparison.Ordinal);
        Assert.Contains(heading, html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("zh-CN,zh;q=0.9", "<h1 class=\"mud-typography mud-typography-h5 mb-4\">登录</h1>")]
    [InlineData("en-US,en;q=0.9", "<h1 class=\"mud-typography mud-typography-h5 mb-4\">Sign in</h1>")]
    public async Task SignInPage_BeforeSigningIn_FollowsBrowserLanguage(string acceptLanguage, string heading)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/signin");
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);

        var html = await (await app.CreateClient().SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Contains(heading, html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetCulture_RemembersChoiceOverBrowserLanguage()
    {
        var client = await app.SignedInAsync();

        var set = await client.GetAsync("/culture/set?culture=en&redirectUri=%2Faccounts", Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/accounts");
        request.Headers.AcceptLanguage.ParseAdd("zh-CN");
        var html = await (await client.SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal("/accounts", set.Headers.Location?.OriginalString);
        Assert.Contains("Robot accounts", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    public async Task SetCulture_ForeignRedirect_GoesHomeInstead(string redirect)
    {
        var client = app.CreateClient(new() { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/culture/set?culture=zh-CN&redirectUri={Uri.EscapeDataString(redirect)}", Ct);

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task SetCulture_Unsupported_Returns400Problem()
    {
        var response = await app.CreateClient().GetAsync("/culture/set?culture=xx-YY", Ct);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }
}

using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users;

/// <summary>The one-time set-up page exists only while there is no user; the first admin is signed in at once.</summary>
public sealed class SetupPageTests : IAsyncLifetime
{
    private const string Password = "first admin pass phrase";
    private readonly WorkbenchAppFactory _app = WorkbenchAppFactory.WithoutUsers();
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task Setup_NoUsers_CreatesAnAdminAndSignsIn()
    {
        var client = English(_app.Browser());

        var response = await PostSetupAsync(client, "chief", "王总", Password, Password);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/accounts", Ct)).StatusCode);
        await using var scope = _app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>();
        Assert.Equal([Roles.Admin], await users.GetRolesAsync((await users.FindByNameAsync("chief"))!));
    }

    [Fact]
    public async Task Setup_BadInput_ShowsFieldMessagesAndCreatesNobody()
    {
        var response = await PostSetupAsync(English(_app.Browser()), "chief wang", "", "short", "different");

        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The two passwords differ.", html, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _app.Browser().GetAsync("/setup", Ct)).StatusCode);

        var tooShort = await PostSetupAsync(English(_app.Browser()), "chief", "", "short", "short");
        Assert.Contains("Use at least 10 characters.", await tooShort.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await _app.Browser().GetAsync("/setup", Ct)).StatusCode);
    }

    [Fact]
    public async Task Setup_OnceAUserExists_SendsToSignInAndRefusesALateSubmit()
    {
        var late = English(_app.Browser());
        var token = await SignInForm.TokenAsync(late, "/setup");
        await PostSetupAsync(_app.Browser(), "chief", null, Password, Password);

        var page = await _app.Browser().GetAsync("/setup", Ct);
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "setup", ["__RequestVerificationToken"] = token,
            ["Input.UserName"] = "intruder", ["Input.Password"] = Password, ["Input.ConfirmPassword"] = Password,
        });
        var refused = await late.PostAsync("/setup", form, Ct);

        Assert.Equal("/signin", page.Headers.Location?.OriginalString);
        Assert.Contains("The Workbench is already set up.", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        await using var scope = _app.Services.CreateAsyncScope();
        Assert.Null(await scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>().FindByNameAsync("intruder"));
    }

    private static Task<HttpResponseMessage> PostSetupAsync(HttpClient client, string userName, string? displayName, string password, string confirmation) =>
        SignInForm.PostAsync(client, "/setup", "setup", new Dictionary<string, string>
        {
            ["Input.UserName"] = userName,
            ["Input.DisplayName"] = displayName ?? "",
            ["Input.Password"] = password,
            ["Input.ConfirmPassword"] = confirmation,
        });

    private static HttpClient English(HttpClient client)
    {
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }
}

using System.Net;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Users;

public sealed class ChangePasswordPageTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private const string Password = "old pass phrase 1";
    private const string NewPassword = "new pass phrase 2";
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChangePassword_KeepsThisSessionAndTheNewPasswordSignsIn()
    {
        await app.AddUserAsync("changer", Password, Roles.Viewer);
        var client = English(await app.SignedInAsync("changer", Password));

        var response = await PostAsync(client, Password, NewPassword, NewPassword);

        Assert.Contains("Your password was changed.", await response.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/accounts", Ct)).StatusCode);
        Assert.NotNull((await SignInForm.SignInAsync(app.Browser(), "changer", NewPassword)).Headers.Location);
        Assert.Null((await SignInForm.SignInAsync(app.Browser(), "changer", Password)).Headers.Location);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentOrMismatch_ShowsFieldMessages()
    {
        await app.AddUserAsync("fumbler", Password, Roles.Operator);
        var client = English(await app.SignedInAsync("fumbler", Password));

        var wrong = await (await PostAsync(client, "not it", NewPassword, NewPassword)).Content.ReadAsStringAsync(Ct);
        var mismatch = await (await PostAsync(client, Password, NewPassword, "typo")).Content.ReadAsStringAsync(Ct);

        Assert.Contains("The current password is not correct.", wrong, StringComparison.Ordinal);
        Assert.Contains("The two passwords differ.", mismatch, StringComparison.Ordinal);
        Assert.NotNull((await SignInForm.SignInAsync(app.Browser(), "fumbler", Password)).Headers.Location);
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string current, string password, string confirmation) =>
        SignInForm.PostAsync(client, "/account/password", "change-password", new Dictionary<string, string>
        {
            ["Input.CurrentPassword"] = current,
            ["Input.NewPassword"] = password,
            ["Input.ConfirmPassword"] = confirmation,
        });

    private static HttpClient English(HttpClient client)
    {
        client.DefaultRequestHeaders.AcceptLanguage.ParseAdd("en");
        return client;
    }
}

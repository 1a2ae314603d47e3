using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// Every form that changes something (sign-in, set-up, password change; sign-out in SignInTests) refuses a post
/// without its antiforgery token with 400, and the post changes nothing — so another site cannot submit them.
/// </summary>
public sealed class AntiforgeryTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private const string Password = "forgery target password";

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task SignIn_PostWithoutToken_Is400_NoSessionAndNoFailedAttemptCounted()
    {
        await app.AddUserAsync("forged-sign-in", Password, Core.Security.Roles.Viewer);

        var right = await PostWithoutTokenAsync(app.Browser(), "/signin", "sign-in", new() { ["Input.UserName"] = "forged-sign-in", ["Input.Password"] = Password });
        var wrong = await PostWithoutTokenAsync(app.Browser(), "/signin", "sign-in", new() { ["Input.UserName"] = "forged-sign-in", ["Input.Password"] = "wrong" });

        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.DoesNotContain(SetCookies(right), c => c.StartsWith("wb.auth=", StringComparison.Ordinal));
        Assert.Equal(0, (await FindUserAsync(app, "forged-sign-in")).AccessFailedCount);
    }

    [Fact]
    public async Task ChangePassword_PostWithoutToken_Is400_PasswordUnchanged()
    {
        await app.AddUserAsync("forged-password", Password, Core.Security.Roles.Operator);
        var signedIn = await app.SignedInAsync("forged-password", Password);
        var stamp = (await FindUserAsync(app, "forged-password")).SecurityStamp;

        var response = await PostWithoutTokenAsync(signedIn, "/account/password", "change-password", new()
        {
            ["Input.CurrentPassword"] = Password,
            ["Input.NewPassword"] = "chosen by the attacker",
            ["Input.ConfirmPassword"] = "chosen by the attacker",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(stamp, (await FindUserAsync(app, "forged-password")).SecurityStamp);
        Assert.NotNull((await SignInForm.SignInAsync(app.Browser(), "forged-password", Password)).Headers.Location);
    }

    [Fact]
    public async Task Setup_PostWithoutToken_Is400_NoAdminCreated()
    {
        await using var fresh = WorkbenchAppFactory.WithoutUsers();

        var response = await PostWithoutTokenAsync(fresh.Browser(), "/setup", "setup", new()
        {
            ["Input.UserName"] = "intruder",
            ["Input.DisplayName"] = "Intruder",
            ["Input.Password"] = Password,
            ["Input.ConfirmPassword"] = Password,
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var scope = fresh.Services.CreateAsyncScope();
        Assert.False(await scope.ServiceProvider.GetRequiredService<UserService>().AnyUsersAsync(Ct));
    }

    // The form exactly as the page would post it, less the __RequestVerificationToken field.
    private async Task<HttpResponseMessage> PostWithoutTokenAsync(HttpClient client, string path, string formName, Dictionary<string, string> fields)
    {
        await client.GetAsync(path, Ct);
        using var form = new FormUrlEncodedContent(fields.Append(new("_handler", formName)));
        return await client.PostAsync(path, form, Ct);
    }

    private static IEnumerable<string> SetCookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [];

    private static async Task<WorkbenchUser> FindUserAsync(WorkbenchAppFactory host, string userName)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<UserManager<WorkbenchUser>>().FindByNameAsync(userName))!;
    }
}

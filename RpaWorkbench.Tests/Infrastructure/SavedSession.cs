using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using RpaWorkbench.Web.Features.Security;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// A sign-in cookie as someone who copied it keeps it (<c>wb.auth=…</c>), and requests that carry only that cookie, so a
/// test can replay it after the session should have ended.
/// </summary>
public static class SavedSession
{
    /// <summary>The session cookie a successful sign-in response sets, as a <c>Cookie</c> header value.</summary>
    public static string From(HttpResponseMessage signIn) =>
        (signIn.Headers.TryGetValues("Set-Cookie", out var cookies) ? cookies : [])
        .Select(c => c.Split(';')[0])
        .SingleOrDefault(c => c.StartsWith(SecuritySetup.CookieName + "=", StringComparison.Ordinal))
        ?? throw new InvalidOperationException($"The response ({(int)signIn.StatusCode}) set no session cookie.");

    /// <summary>Signs in through the real form with <paramref name="client"/> (which keeps the cookie too) and returns the cookie.</summary>
    public static async Task<string> SignInAsync(HttpClient client, string userName, string password) =>
        From(await SignInForm.SignInAsync(client, userName, password));

    /// <summary>GETs <paramref name="path"/> with no cookie but <paramref name="cookie"/>, without following redirects.</summary>
    public static async Task<HttpResponseMessage> GetAsync(WorkbenchAppFactory app, string cookie, string path, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", cookie);
        using var client = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        return await client.SendAsync(request, cancellationToken);
    }

    /// <summary>A browser (cookies kept, redirects not followed) that starts with <paramref name="cookie"/>, e.g. after a restart.</summary>
    public static HttpClient BrowserWith(WorkbenchAppFactory app, string cookie)
    {
        var cookies = new CookieContainer();
        var (name, value) = (cookie[..cookie.IndexOf('=', StringComparison.Ordinal)], cookie[(cookie.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        cookies.Add(app.Server.BaseAddress, new Cookie(name, value));
        return app.CreateDefaultClient(new CookieContainerHandler(cookies));
    }

    /// <summary>Posts the sign-out form the user menu has, with this client's cookie and antiforgery token.</summary>
    public static async Task<HttpResponseMessage> SignOutAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var token = await SignInForm.TokenAsync(client, "/account/password");
        using var form = new FormUrlEncodedContent([new("__RequestVerificationToken", token)]);
        return await client.PostAsync("/signout", form, cancellationToken);
    }
}

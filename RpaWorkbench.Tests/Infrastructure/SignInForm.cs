using System.Text.RegularExpressions;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>Posts the Workbench's statically rendered forms the way a browser does: antiforgery token and form name included.</summary>
public static partial class SignInForm
{
    /// <summary>Posts the sign-in form; a successful sign-in answers 302 with the sign-in cookie.</summary>
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password, string returnUrl = "/accounts") =>
        PostAsync(client, $"/signin?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "sign-in", SignInFields(userName, password));

    /// <summary>The fields of the sign-in form.</summary>
    public static Dictionary<string, string> SignInFields(string userName, string password) =>
        new() { ["Input.UserName"] = userName, ["Input.Password"] = password };

    /// <summary>The body a browser posts for the named form: its fields, the form name and the antiforgery token.</summary>
    public static FormUrlEncodedContent Body(string formName, IDictionary<string, string> fields, string token) =>
        new(fields.Append(new("_handler", formName)).Append(new("__RequestVerificationToken", token)));

    /// <summary>GETs the page (for its antiforgery token), then posts the named form on it with these fields.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string formName, IDictionary<string, string> fields)
    {
        using var content = Body(formName, fields, await TokenAsync(client, path));
        return await client.PostAsync(path, content);
    }

    /// <summary>An antiforgery token for this client's current user, taken from a page that has a form.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path) => TokenIn(await client.GetStringAsync(path), path);

    /// <summary>The antiforgery token in a page's HTML.</summary>
    public static string TokenIn(string html, string path)
    {
        var match = AntiforgeryInput().Match(html);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"{path} has no antiforgery token.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}

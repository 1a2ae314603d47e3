using System.Text.RegularExpressions;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>Posts the Workbench's statically rendered forms the way a browser does: antiforgery token and form name included.</summary>
public static partial class SignInForm
{
    /// <summary>Posts the sign-in form; a successful sign-in answers 302 with the sign-in cookie.</summary>
    public static Task<HttpResponseMessage> SignInAsync(HttpClient client, string userName, string password, string returnUrl = "/accounts") =>
        PostAsync(client, $"/signin?ReturnUrl={Uri.EscapeDataString(returnUrl)}", "sign-in",
            new Dictionary<string, string> { ["Input.UserName"] = userName, ["Input.Password"] = password });

    /// <summary>GETs the page (for its antiforgery token), then posts the named form on it with these fields.</summary>
    public static async Task<HttpResponseMessage> PostAsync(HttpClient client, string path, string formName, IDictionary<string, string> fields)
    {
        var token = await TokenAsync(client, path);
        using var content = new FormUrlEncodedContent(
            fields.Append(new("_handler", formName)).Append(new("__RequestVerificationToken", token)));
        return await client.PostAsync(path, content);
    }

    /// <summary>An antiforgery token for this client's current user, taken from a page that has a form.</summary>
    public static async Task<string> TokenAsync(HttpClient client, string path)
    {
        var html = await client.GetStringAsync(path);
        var match = AntiforgeryInput().Match(html);
        return match.Success ? match.Groups[1].Value : throw new InvalidOperationException($"{path} has no antiforgery token.");
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryInput();
}

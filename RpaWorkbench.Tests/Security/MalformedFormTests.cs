using System.Net;
using System.Text;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// Form bodies the form reader refuses (too many fields, a value or a name too long, multipart without a boundary or cut
/// short) answer 400 at every endpoint that takes a form — never a 5xx — and an unexpected error on a page still
/// produces the error page.
/// </summary>
public sealed class MalformedFormTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    public static readonly TheoryData<string> FormEndpoints = new()
    {
        "/signin",
        "/setup",
        "/account/password",
        "/signout",
        // Any page: the framework maps posted forms on every statically rendered route.
        "/accounts",
    };

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(FormEndpoints))]
    public async Task Post_MalformedBody_Is400AtEveryFormEndpoint(string path)
    {
        var client = await app.SignedInAsync();
        var answers = new List<string>();

        foreach (var (shape, content) in MalformedBodies())
        {
            using (content)
            {
                var response = await client.PostAsync(path, content, Ct);
                answers.Add($"{shape}: {(int)response.StatusCode}");
            }
        }

        Assert.All(answers, a => Assert.EndsWith(": 400", a, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("POST")]
    public async Task Page_ThrowingAnException_ShowsTheErrorPageWith500(string method)
    {
        await using var failing = app.WithWebHostBuilder(b => b.ConfigureServices(s =>
            s.AddControllers().AddApplicationPart(typeof(FailingPageController).Assembly)));
        using var request = new HttpRequestMessage(new HttpMethod(method), FailingPageController.Path);
        request.Headers.AcceptLanguage.ParseAdd("en");
        request.Headers.Add("X-Request-ID", "req-fails-1");
        if (method == "POST")
        {
            request.Content = new FormUrlEncodedContent([new("field", "value")]);
        }

        var response = await failing.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.Contains(">req-fails-1</code>", html, StringComparison.Ordinal);
    }

    private static IEnumerable<(string Shape, HttpContent Content)> MalformedBodies()
    {
        yield return ("3,500 fields", Form(string.Join("&", Enumerable.Range(0, 3500).Select(i => $"f{i}=v"))));
        yield return ("a 5 MiB value", Form("a=" + new string('x', 5 * 1024 * 1024)));
        yield return ("a 5,000-character name", Form(new string('k', 5000) + "=v"));
        yield return ("multipart without a boundary", Multipart("multipart/form-data", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb\r\n--x--\r\n"));
        yield return ("multipart cut short", Multipart("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nb"));
    }

    private static StringContent Form(string body) => new(body, Encoding.ASCII, "application/x-www-form-urlencoded");

    private static ByteArrayContent Multipart(string contentType, string body)
    {
        var content = new ByteArrayContent(Encoding.ASCII.GetBytes(body));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }
}

/// <summary>A page-side endpoint (not under /api) that fails, to exercise the error handling of pages.</summary>
[AllowAnonymous]
public sealed class FailingPageController : Controller
{
    public const string Path = "/test/failing-page";

    [HttpGet(Path)]
    [HttpPost(Path)]
    [IgnoreAntiforgeryToken]
    public IActionResult Fail() => throw new InvalidOperationException("A page failed on purpose.");
}

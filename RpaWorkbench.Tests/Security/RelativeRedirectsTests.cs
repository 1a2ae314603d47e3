using Microsoft.AspNetCore.Http;
using RpaWorkbench.Web.Features.Security;

namespace RpaWorkbench.Tests.Security;

/// <summary>Which Locations become paths: those naming the request's own scheme and host, however the host was spelled.</summary>
public sealed class RelativeRedirectsTests
{
    [Theory]
    [InlineData("http", "evil.example", "http://evil.example/signin?ReturnUrl=%2F", "/signin?ReturnUrl=%2F")]
    [InlineData("http", "evil.example:80", "http://evil.example/accounts", "/accounts")]
    [InlineData("http", "EVIL.example", "http://evil.example:80/logs?q=a%20b#row", "/logs?q=a%20b#row")]
    [InlineData("https", "[::1]:8443", "https://[::1]:8443/", "/")]
    [InlineData("http", "evil.example", "http://evil.example//other.example/x", "/")]
    [InlineData("http", "evil.example", "https://evil.example/signin", null)]
    [InlineData("http", "evil.example", "http://evil.example:8080/signin", null)]
    [InlineData("http", "evil.example", "http://bucket.s3.example/file?X-Amz-Signature=1", null)]
    [InlineData("http", "evil.example", "/already/a/path", null)]
    public void ToPath_LocationOnTheRequestsOwnOrigin_IsItsPath(string scheme, string host, string location, string? expected)
    {
        var request = new DefaultHttpContext().Request;
        request.Scheme = scheme;
        request.Host = new HostString(host);

        Assert.Equal(expected, RelativeRedirects.ToPath(request, location));
    }
}

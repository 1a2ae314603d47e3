using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Diagnostics;

public sealed class HostTests(WorkbenchAppFactory app) : IClassFixture<WorkbenchAppFactory>
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Healthz_DatabaseReachable_Returns200Healthy()
    {
        var response = await app.CreateClient().GetAsync("/healthz", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task Healthz_DatabaseGone_Returns503Unhealthy()
    {
        await using var own = new WorkbenchAppFactory();
        var client = own.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz", Ct)).StatusCode);

        foreach (var file in Directory.GetFiles(own.DataDirectory, "workbench.db*"))
        {
            File.Delete(file);
        }

        var response = await client.GetAsync("/healthz", Ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", await response.Content.ReadAsStringAsync(Ct));
    }

    [Fact]
    public async Task AnyResponse_WithCallerRequestId_EchoesIt()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("X-Request-ID", "robot-7.run:42");

        var response = await app.CreateClient().SendAsync(request, Ct);

        Assert.Equal("robot-7.run:42", response.Headers.GetValues("X-Request-ID").Single());
    }

    [Fact]
    public async Task LogLinesDuringARequest_CarryItsRequestId()
    {
        var logs = new CapturingLoggerProvider();
        await using var logged = app.WithWebHostBuilder(b => b.ConfigureLogging(l => l
            .AddProvider(logs)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.Debug)));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.Add("X-Request-ID", "trace-me-1");

        await logged.CreateClient().SendAsync(request, Ct);

        var healthLines = logs.Entries.Where(e => e.Category.StartsWith("Microsoft.Extensions.Diagnostics.HealthChecks", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(healthLines);
        Assert.All(healthLines, e => Assert.Equal("trace-me-1", e.ScopeValues.GetValueOrDefault("XRequestId")));
    }

    [Fact]
    public async Task AnyResponse_WithoutRequestId_GetsAFreshOne()
    {
        var client = app.CreateClient();

        var first = (await client.GetAsync("/healthz", Ct)).Headers.GetValues("X-Request-ID").Single();
        var second = (await client.GetAsync("/healthz", Ct)).Headers.GetValues("X-Request-ID").Single();

        Assert.Matches("^[0-9a-f]{32}$", first);
        Assert.NotEqual(first, second);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("line\tbreak")]
    public async Task AnyResponse_WithUnsafeRequestId_ReplacesIt(string unsafeId)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/healthz");
        request.Headers.TryAddWithoutValidation("X-Request-ID", unsafeId);

        var response = await app.CreateClient().SendAsync(request, Ct);

        Assert.Matches("^[0-9a-f]{32}$", response.Headers.GetValues("X-Request-ID").Single());
    }

    [Fact]
    public async Task ApiPath_Unknown_ReturnsProblemDetailsWithRequestId()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/does-not-exist");
        request.Headers.Add("X-Request-ID", "req-404");
        var client = await app.SignedInAsync();

        var response = await client.SendAsync(request, Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(404, problem.GetProperty("status").GetInt32());
        Assert.Equal("req-404", problem.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task ErrorPage_ShowsTheRequestIdAndAFriendlyMessage()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Error");
        request.Headers.Add("X-Request-ID", "req-err-1");
        request.Headers.AcceptLanguage.ParseAdd("en");

        var html = await (await app.CreateClient().SendAsync(request, Ct)).Content.ReadAsStringAsync(Ct);

        Assert.Contains("Something went wrong", html, StringComparison.Ordinal);
        Assert.Contains(">req-err-1</code>", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", html, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Workbench:TimeZone", "Mars/Olympus_Mons", "Workbench:TimeZone")]
    [InlineData("Workbench:Accounts:OfflineAfter", "00:00:00", "OfflineAfter")]
    [InlineData("Workbench:SignIn:MaxAttempts", "0", "Workbench:SignIn:MaxAttempts")]
    [InlineData("Workbench:SignIn:Throttle:FreeFailuresPerUser", "0", "Workbench:SignIn:Throttle:FreeFailuresPerUser")]
    [InlineData("Workbench:SignIn:Throttle:ForgetAfter", "00:05:00", "Workbench:SignIn:Throttle:ForgetAfter")]
    [InlineData("Workbench:Identity:Password:RequiredLength", "4", "Workbench:Identity:Password:RequiredLength")]
    public async Task Startup_InvalidOption_FailsWithTheOptionNamed(string key, string value, string named)
    {
        await using var broken = WorkbenchAppFactory.With(new Dictionary<string, string> { [key] = value });

        var error = Assert.ThrowsAny<Exception>(() => broken.CreateClient());

        Assert.True(error.ToString().Contains(named, StringComparison.Ordinal), error.ToString());
    }

    [Fact]
    public async Task Root_RedirectsToAccounts()
    {
        var client = await app.SignedInAsync();

        var response = await client.GetAsync("/", Ct);

        Assert.Equal("/accounts", response.Headers.Location?.OriginalString);
    }
}

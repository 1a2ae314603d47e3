using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;
using System.Text.Json;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Diagnostics;

/// <summary>Readiness with S3 configured: the object store is asked, against a real local S3 server.</summary>
[Collection(S3Collection.Name)]
public sealed class ObjectStoreReadinessTests(S3rverFixture s3)
{
    private const string SecretKey = "s3-secret-never-in-health-0123456789";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Ready_ObjectStoreAnswering_Returns200NamingIt()
    {
        await using var app = WorkbenchAppFactory.With(Settings(s3.ServiceUrl.ToString(), S3rverFixture.Credentials));

        var response = await app.CreateClient().GetAsync("/healthz/ready", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", ObjectStoreCheck(await response.Content.ReadAsStringAsync(Ct)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Ready_ObjectStoreUnreachable_Returns503WithoutItsAddressOrKey_WhileLiveStays200()
    {
        var unreachable = S3rverFixture.UnreachableServiceUrl();
        await using var app = WorkbenchAppFactory.With(Settings(unreachable, SecretKey));
        var client = app.CreateClient();

        var response = await client.GetAsync("/healthz/ready", Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("Unhealthy", ObjectStoreCheck(text).GetProperty("status").GetString());
        Assert.DoesNotContain(SecretKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(new Uri(unreachable).Port.ToString(System.Globalization.CultureInfo.InvariantCulture), text, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/live", Ct)).StatusCode);
    }

    [Fact]
    public async Task ObjectStoreCall_Traced_AsAnHttpClientSpanBeneathTheRequest()
    {
        var spans = new List<Activity>();
        await using var app = WorkbenchAppFactory.With(Settings(s3.ServiceUrl.ToString(), S3rverFixture.Credentials));
        await using var traced = app.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(spans))));
        var client = traced.CreateClient();
        var requestId = "s3-" + Guid.NewGuid().ToString("N")[..12];
        client.DefaultRequestHeaders.Add("X-Request-ID", requestId);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz/ready", Ct)).StatusCode);

        Activity? server = null;
        Activity? call = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (call is null)
        {
            Assert.True(DateTime.UtcNow < deadline, "No span of the object-store call within 10 s.");
            await Task.Delay(20, Ct);
            List<Activity> seen;
            lock (spans)
            {
                seen = [.. spans];
            }

            server = seen.FirstOrDefault(s => s.Kind == ActivityKind.Server && Equals(s.GetTagItem("workbench.request_id"), requestId));
            call = server is null ? null : seen.FirstOrDefault(s => s.TraceId == server.TraceId && s.Kind == ActivityKind.Client
                && Equals(s.GetTagItem("server.port"), s3.ServiceUrl.Port));
        }

        Assert.NotNull(call.GetTagItem("http.request.method"));
    }

    private static Dictionary<string, string> Settings(string serviceUrl, string secretKey) => new()
    {
        ["Workbench:Storage:Provider"] = "S3",
        ["Workbench:Storage:S3:ServiceUrl"] = serviceUrl,
        ["Workbench:Storage:S3:Bucket"] = S3rverFixture.Bucket,
        ["Workbench:Storage:S3:AccessKey"] = S3rverFixture.Credentials,
        ["Workbench:Storage:S3:SecretKey"] = secretKey,
    };

    private static JsonElement ObjectStoreCheck(string body) =>
        JsonDocument.Parse(body).RootElement.GetProperty("checks").GetProperty("object-store");
}

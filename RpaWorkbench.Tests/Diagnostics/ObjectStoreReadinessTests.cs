using System.Net;
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

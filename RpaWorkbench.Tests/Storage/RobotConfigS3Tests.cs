using System.Net;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Storage;

/// <summary>The robots' config APIs on a Workbench whose store is a real S3-compatible server: links are presigned URLs.</summary>
[Collection(S3Collection.Name)]
public sealed class RobotConfigS3Tests(S3rverFixture s3) : IAsyncDisposable
{
    private readonly WorkbenchAppFactory _app = WorkbenchAppFactory.With(new Dictionary<string, string>(
        s3.Settings().Select(s => KeyValuePair.Create(s.Key, s.Value!)))
    {
        ["Workbench:Bootstrap:WebhookApiKey"] = WebhookAppFactory.Key,
    });

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UploadThenGet_PresignedUrlOnTheS3HostDownloadsTheFile()
    {
        var robot = _app.CreateClient();
        robot.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
        var taskId = await RobotConfigCalls.AddTaskAsync(_app.Services);
        var bytes = StoredBytes.Random(50_000);
        Assert.Equal(HttpStatusCode.OK, (await RobotConfigCalls.UploadAsync(robot, RobotConfigCalls.Id(taskId), "订单.csv", bytes, Ct)).StatusCode);

        var config = await RobotConfigCalls.GetAsync(robot, taskId, Ct);

        var url = new Uri(config.GetProperty("config_file").GetProperty("url").GetString()!);
        Assert.Equal((s3.ServiceUrl.Host, s3.ServiceUrl.Port), (url.Host, url.Port));
        Assert.Contains(S3rverFixture.Bucket, url.AbsolutePath, StringComparison.Ordinal);
        Assert.DoesNotContain(S3rverFixture.Credentials + "&", url.Query, StringComparison.Ordinal);
        using var plain = new HttpClient();
        var download = await plain.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync(Ct));
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

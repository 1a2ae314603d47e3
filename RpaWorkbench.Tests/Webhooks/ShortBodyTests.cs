using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Storage;
using RpaWorkbench.Web.Features.Storage;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>
/// A robot that promises more body than it sends (<c>Content-Length</c> larger than the body, then it closes its side)
/// gets a 4xx or a closed connection, never a 5xx, and nothing is stored — on a real Kestrel port through a raw socket,
/// since an HTTP client would never send such a request.
/// </summary>
public sealed class ShortBodyTests : IAsyncLifetime
{
    private readonly KestrelWorkbenchFactory _app = new(new Dictionary<string, string>());

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _ = _app.BaseUrl;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public async Task EveryPostApi_ContentLengthLargerThanTheBody_4xxOrClosedAndNothingStored()
    {
        var taskId = await RobotConfigCalls.AddTaskAsync(_app.Services);
        var account = WebhookPayloads.NewAccount();
        var json = JsonSerializer.SerializeToUtf8Bytes(WebhookPayloads.SeedCompletion(account).With("task_id", taskId));
        var form = Encoding.UTF8.GetBytes(
            $"--b\r\nContent-Disposition: form-data; name=\"task_id\"\r\n\r\n{taskId}\r\n" +
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rules.json\"\r\n\r\n{\"region\":\"east\"}\r\n--b--\r\n");
        var before = await StateAsync(taskId);
        var posts = ApiEndpoints.Of(_app.Services).Where(api => api.Method == "POST").Select(api => api.Path).ToList();

        Assert.Equal(5, posts.Count);
        foreach (var path in posts)
        {
            var (body, contentType) = path == ConfigUploadEndpoint.Path ? (form, "multipart/form-data; boundary=b") : (json, "application/json");

            var statusLine = await PostShortAsync(path, contentType, body, promised: body.Length + 100);

            Assert.True(statusLine is null || statusLine.StartsWith("HTTP/1.1 4", StringComparison.Ordinal), $"{path}: {statusLine}");
        }

        Assert.Equal(before, await StateAsync(taskId));
        Assert.Equal(0, await QueryAsync(db => db.Accounts.CountAsync(a => a.ShadowBotAccount == account, Ct)));
    }

    // Sends the headers and the body, closes the sending side and returns the answer's status line (null: closed unanswered).
    private async Task<string?> PostShortAsync(string path, string contentType, byte[] body, int promised)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_app.BaseUrl.Host, _app.BaseUrl.Port, Ct);
        var stream = client.GetStream();
        var head = $"POST {path} HTTP/1.1\r\nHost: {_app.BaseUrl.Authority}\r\nX-Api-Key: {WebhookAppFactory.Key}\r\n" +
                   $"Content-Type: {contentType}\r\nContent-Length: {promised}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Ct);
        await stream.WriteAsync(body, Ct);
        client.Client.Shutdown(SocketShutdown.Send);

        // A guard, not a wait: Kestrel sees the end of the body at once; a hang would fail here, naming this test.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        guard.CancelAfter(TimeSpan.FromMinutes(1));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        return await reader.ReadLineAsync(guard.Token);
    }

    private async Task<(int Logs, int Accounts, string? ConfigFile)> StateAsync(long taskId) => await QueryAsync(async db =>
        (await db.ExecutionLogs.CountAsync(Ct), await db.Accounts.CountAsync(Ct),
            await db.Tasks.Where(t => t.Id == taskId).Select(t => t.ConfigFileKey).SingleAsync(Ct)));

    private async Task<T> QueryAsync<T>(Func<WorkbenchDbContext, Task<T>> query)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await query(db);
    }
}

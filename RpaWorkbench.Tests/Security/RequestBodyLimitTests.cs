using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Tests.Infrastructure;
using RpaWorkbench.Tests.Storage;
using RpaWorkbench.Tests.Webhooks;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Features.Storage;

namespace RpaWorkbench.Tests.Security;

/// <summary>
/// Every API that takes a body (POST, PUT, PATCH) declares its own limit, and a body over it is answered 413 problem
/// details (never a 500) and stores nothing — on a real Kestrel, which is what enforces the limits. The caller is as
/// privileged as can be (webhook key and a signed-in admin), so the body is what gets refused. A body shorter than its
/// <c>Content-Length</c> (sent through a raw socket: no HTTP client sends one) gets a 4xx or a closed connection.
/// </summary>
public sealed partial class RequestBodyLimitTests : IAsyncLifetime
{
    // docs/security.md, Transport, headers and limits: Kestrel accepts bodies up to 32 MiB.
    private const long ServerWideLimit = 32 * 1024 * 1024;

    private readonly KestrelWorkbenchFactory _app = new(new Dictionary<string, string>());

    private CancellationToken Ct => TestContext.Current.CancellationToken;

    public ValueTask InitializeAsync()
    {
        _ = _app.BaseUrl;
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    [Fact]
    public void EveryApiTakingABody_DeclaresALimitBelowTheServerWide()
    {
        var apis = BodyApis();

        Assert.NotEmpty(apis);
        Assert.All(apis, api => Assert.True(
            api.Endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize is > 0 and <= ServerWideLimit,
            $"{api.Method} {api.Path} has no body limit of its own."));
        Assert.Equal(ServerWideLimit,
            _app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value.Limits.MaxRequestBodySize);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task EveryApiTakingABody_BodyOverItsLimit_Returns413ProblemAndStoresNothing(bool chunked)
    {
        var before = await CountRowsAsync();

        using var caller = await PrivilegedCallerAsync();
        foreach (var api in BodyApis())
        {
            var limit = api.Endpoint.Metadata.GetMetadata<IRequestSizeLimitMetadata>()!.MaxRequestBodySize!.Value;
            using var request = new HttpRequestMessage(new HttpMethod(api.Method), Url(api)) { Content = Oversized(api, limit) };
            request.Headers.TransferEncodingChunked = chunked;
            // As curl does for large bodies: the body follows the server's go-ahead, so a 413 sent before it is read (the
            // upload's 10 MiB) reaches the client instead of a reset while it is still writing.
            request.Headers.ExpectContinue = true;

            var response = await caller.SendAsync(request, Ct);

            Assert.True(response.StatusCode == HttpStatusCode.RequestEntityTooLarge, $"{api.Method} {api.Path}: {(int)response.StatusCode}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal(413, (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetInt32());
        }

        Assert.Equal(before, await CountRowsAsync());
    }

    [Fact]
    public async Task EveryApiTakingABody_BodyShorterThanItsContentLength_4xxOrClosedAndStoresNothing()
    {
        var taskId = await RobotConfigCalls.AddTaskAsync(_app.Services);
        var json = JsonSerializer.SerializeToUtf8Bytes(WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount()).With("task_id", taskId));
        var form = Encoding.UTF8.GetBytes(
            $"--b\r\nContent-Disposition: form-data; name=\"task_id\"\r\n\r\n{taskId}\r\n" +
            "--b\r\nContent-Disposition: form-data; name=\"file\"; filename=\"rules.json\"\r\n\r\n{\"region\":\"east\"}\r\n--b--\r\n");
        var before = await CountRowsAsync();

        foreach (var api in BodyApis())
        {
            var (body, contentType) = api.Path == ConfigUploadEndpoint.Path ? (form, "multipart/form-data; boundary=b") : (json, "application/json");

            var statusLine = await SendShortAsync(api, contentType, body, promised: body.Length + 100);

            Assert.True(statusLine is null || statusLine.StartsWith("HTTP/1.1 4", StringComparison.Ordinal), $"{api.Method} {api.Path}: {statusLine}");
        }

        Assert.Equal(before, await CountRowsAsync());
        Assert.Null(await QueryAsync(db => db.Tasks.Where(t => t.Id == taskId).Select(t => t.ConfigFileKey).SingleAsync(Ct)));
    }

    // Sends the headers and the body, closes the sending side; the answer's status line (null: closed unanswered).
    private async Task<string?> SendShortAsync(ApiEndpoint api, string contentType, byte[] body, int promised)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(_app.BaseUrl.Host, _app.BaseUrl.Port, Ct);
        var stream = client.GetStream();
        var head = $"{api.Method} {Url(api)} HTTP/1.1\r\nHost: {_app.BaseUrl.Authority}\r\nX-Api-Key: {WebhookAppFactory.Key}\r\n" +
                   $"Content-Type: {contentType}\r\nContent-Length: {promised}\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head), Ct);
        await stream.WriteAsync(body, Ct);
        client.Client.Shutdown(SocketShutdown.Send);

        // A guard, not a wait: Kestrel sees the end of the body at once; a hang would fail here, naming this test.
        using var guard = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        guard.CancelAfter(TimeSpan.FromMinutes(1));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        try
        {
            return await reader.ReadLineAsync(guard.Token);
        }
        catch (IOException ex) when (ex.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionReset })
        {
            // Kestrel may reset rather than close a connection whose body ended early: closed unanswered all the same.
            return null;
        }
    }

    // The routes that read a body declare it for the document; an action such as POST /api/v1/tasks/{id}/start reads none.
    private List<ApiEndpoint> BodyApis() =>
        [.. ApiEndpoints.Of(_app.Services).Where(api => api.Method is "POST" or "PUT" or "PATCH" && api.Endpoint.Metadata.GetMetadata<ApiRequestBody>() is not null)];

    // A route's path with a value for each parameter ({id:long} -> 1): the body is refused before anything looks the id up.
    private static string Url(ApiEndpoint api) => RouteParameter().Replace(api.Path, "1");

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex RouteParameter();

    private async Task<HttpClient> PrivilegedCallerAsync()
    {
        var session = await _app.SignInCookieAsync(WorkbenchAppFactory.AdminUser, WorkbenchAppFactory.AdminPassword);
        var client = new HttpClient { BaseAddress = _app.BaseUrl };
        client.DefaultRequestHeaders.Add("X-Api-Key", WebhookAppFactory.Key);
        client.DefaultRequestHeaders.Add("Cookie", $"{session.Name}={session.Value}");
        return client;
    }

    // A body of the kind the API takes, padded past its limit, so only its size is wrong: a form with a file for uploads,
    // else a valid callback. Sent chunked, it has no Content-Length to check up front.
    // The uploads (a config file, a batch's sheet) take multipart; the rest JSON.
    private static HttpContent Oversized(ApiEndpoint api, long limit) =>
        api.Path is ConfigUploadEndpoint.Path or "/api/v1/batches/"
            ? new MultipartFormDataContent { { new StringContent("1"), "task_id" }, { new ByteArrayContent(new byte[limit]), "file", "padding.csv" } }
            : OversizedJson(limit);

    private static StringContent OversizedJson(long limit) =>
        new(JsonSerializer.Serialize(WebhookPayloads.SeedCompletion(WebhookPayloads.NewAccount()).With("log_content", new string('x', (int)limit))),
            Encoding.UTF8, "application/json");

    private Task<(int Logs, int Accounts)> CountRowsAsync() =>
        QueryAsync(async db => (await db.ExecutionLogs.CountAsync(Ct), await db.Accounts.CountAsync(Ct)));

    private async Task<T> QueryAsync<T>(Func<WorkbenchDbContext, Task<T>> query)
    {
        await using var db = await _app.Services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContextAsync(Ct);
        return await query(db);
    }
}

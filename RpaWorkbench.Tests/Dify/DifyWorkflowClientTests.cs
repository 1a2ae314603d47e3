using System.Text.Json.Nodes;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Dify;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Shared;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Dify;

/// <summary>The Dify workflow client against a real loopback server that speaks Dify's documented blocking API.</summary>
public sealed class DifyWorkflowClientTests : IAsyncLifetime
{
    private static readonly IReadOnlyList<TaskParameter> Declared =
    [
        new("order_id", TaskParameterType.Text),
        new("quantity", TaskParameterType.Integer),
        new("price", TaskParameterType.Decimal),
        new("urgent", TaskParameterType.Boolean),
    ];

    private static readonly Dictionary<string, string?> Row = new()
    {
        ["order_id"] = "SO-2026-001",
        ["quantity"] = "3",
        ["price"] = "19.90",
        ["urgent"] = "true",
        ["note"] = null,
    };

    private readonly DifyApiKeys _keys = new(new EphemeralDataProtectionProvider());
    private readonly TestClock _clock = new(new DateTimeOffset(2026, 12, 7, 2, 0, 0, TimeSpan.Zero));
    private FakeDify _dify = null!;
    private HttpClient _http = null!;

    public async ValueTask InitializeAsync()
    {
        _dify = await FakeDify.StartAsync();
        _http = new HttpClient();
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _dify.DisposeAsync();
    }

    [Fact]
    public async Task Run_Succeeded_PostsTypedInputsBlockingWithTheKey_AndReturnsTheOutputs()
    {
        _dify.Respond = inputs => FakeDify.Succeeded(new JsonObject { ["invoice_no"] = "INV-88", ["total"] = 59.7 });

        var result = await Client().RunAsync(Settings(), Declared, Row, CancellationToken.None);

        Assert.Equal(DifyRunOutcome.Succeeded, result.Outcome);
        Assert.Null(result.Error);
        Assert.Equal("""{"invoice_no":"INV-88","total":59.7}""", result.Outputs);
        Assert.NotNull(result.WorkflowRunId);
        var (path, authorization, body) = Assert.Single(_dify.Requests);
        Assert.Equal("/v1/workflows/run", path);
        Assert.Equal("Bearer " + FakeDify.AppKey, authorization);
        Assert.Equal("blocking", body!["response_mode"]!.GetValue<string>());
        Assert.Equal("rpa-workbench", body["user"]!.GetValue<string>());
        Assert.Equal("""{"order_id":"SO-2026-001","quantity":3,"price":19.90,"urgent":true,"note":null}""", body["inputs"]!.ToJsonString());
    }

    [Fact]
    public async Task Run_WorkflowFailed_IsABusinessFailureWithDifysError()
    {
        _dify.Respond = _ => FakeDify.Failed("Node 'submit' failed: order already invoiced");

        var result = await Client().RunAsync(Settings(), Declared, Row, CancellationToken.None);

        Assert.Equal(DifyRunOutcome.Failed, result.Outcome);
        Assert.Equal("Node 'submit' failed: order already invoiced", result.Error);
    }

    [Theory]
    [InlineData(400, "invalid_param", DifyRunOutcome.Failed, "Dify refused the inputs (HTTP 400): quantity must be a number")]
    [InlineData(404, "not_found", DifyRunOutcome.Failed, "Dify has no workflow app at this base URL (HTTP 404): quantity must be a number")]
    [InlineData(429, "too_many_requests", DifyRunOutcome.Unavailable, "Dify is rate-limiting requests (HTTP 429): quantity must be a number")]
    [InlineData(503, "unavailable", DifyRunOutcome.Unavailable, "Dify failed to run the request (HTTP 503): quantity must be a number")]
    public async Task Run_DifyRefuses_MappedToRetryableOrNot(int status, string code, DifyRunOutcome outcome, string error)
    {
        _dify.Respond = _ => FakeDify.Error(status, code, "quantity must be a number");

        var result = await Client().RunAsync(Settings(), Declared, Row, CancellationToken.None);

        Assert.Equal((outcome, error), (result.Outcome, result.Error));
    }

    [Fact]
    public async Task Run_WrongKey_FailedNamingTheKey()
    {
        var result = await Client().RunAsync(Settings() with { ApiKeyProtected = _keys.Protect("app-someone-elses") }, Declared, Row, CancellationToken.None);

        Assert.Equal(DifyRunOutcome.Failed, result.Outcome);
        Assert.StartsWith("Dify refused the app API key (HTTP 401)", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_TooSlow_TimedOutAfterTheRunTimeout()
    {
        _dify.Delay = TimeSpan.FromSeconds(30);

        var result = await Client(new DifyOptions { AllowedBaseUrls = [_dify.BaseUrl], RunTimeout = TimeSpan.FromMilliseconds(300) })
            .RunAsync(Settings(), Declared, Row, CancellationToken.None);

        Assert.Equal(DifyRunOutcome.TimedOut, result.Outcome);
        Assert.StartsWith("Dify did not answer within", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_Unreachable_Unavailable()
    {
        var closed = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"http://127.0.0.1:{LocalMachine.FreeLoopbackPort()}/v1");

        var result = await Client(new DifyOptions { AllowedBaseUrls = [closed] }).RunAsync(Settings() with { BaseUrl = closed }, Declared, Row, CancellationToken.None);

        Assert.Equal(DifyRunOutcome.Unavailable, result.Outcome);
        Assert.StartsWith("Dify could not be reached", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_BaseUrlNotAllowed_FailedWithoutAnyRequest()
    {
        var result = await Client(new DifyOptions()).RunAsync(Settings(), Declared, Row, CancellationToken.None);

        Assert.Equal(DifyRunOutcome.Failed, result.Outcome);
        Assert.Contains("Workbench:Dify:AllowedBaseUrls", result.Error, StringComparison.Ordinal);
        Assert.Empty(_dify.Requests);
    }

    [Theory]
    [InlineData("https://api.dify.ai/v1", true)]
    [InlineData("https://api.dify.ai/v1/", true)]
    [InlineData("https://API.DIFY.AI/v1", true)]
    [InlineData("https://api.dify.ai/v10", false)]
    [InlineData("http://api.dify.ai/v1", false)]
    [InlineData("https://api.dify.ai.evil.example/v1", false)]
    [InlineData("https://api.dify.ai:8443/v1", false)]
    [InlineData("not a url", false)]
    public void Allows_OnlyTheConfiguredBasesAndBelow(string baseUrl, bool allowed) =>
        Assert.Equal(allowed, new DifyOptions().Allows(baseUrl));

    private DifyWorkflowClient Client(DifyOptions? options = null) =>
        new(_http, _keys, Options.Create(options ?? new DifyOptions { AllowedBaseUrls = [_dify.BaseUrl] }), _clock);

    private DifyTaskSettings Settings() => new() { BaseUrl = _dify.BaseUrl, ApiKeyProtected = _keys.Protect(FakeDify.AppKey) };
}

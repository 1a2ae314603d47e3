using RpaWorkbench.Core.Workflows;
using static RpaWorkbench.Tests.Workflows.WorkflowHttpScenario;

namespace RpaWorkbench.Tests.Workflows;

public sealed class WorkflowHttpStepRunnerTests
{
    [Fact]
    public async Task RunAsync_GetWithQueryFromInputs_SendsTheRenderedUrlAndReturnsTheAnswer()
    {
        await using var http = await StartAsync();
        var step = new WorkflowHttpStep("GET", http.Url("/orders/search?customer={{ inputs.customer | url_encode }}&page=2"));

        var outcome = await http.RunAsync(step, Model(("customer", "Zhang San")));

        Assert.True(outcome.Succeeded, outcome.Error);
        var received = Assert.Single(http.Server.Requests);
        Assert.Equal(("GET", "/orders/search?customer=Zhang+San&page=2"), (received.Method, received.PathAndQuery));
        var inputs = Json(outcome.Inputs);
        Assert.Equal("GET", (string?)inputs["method"]);
        Assert.Equal($"http://api.example.test:{http.Server.Port}/orders/search?customer=Zhang+San&page=2", (string?)inputs["url"]);
        Assert.Null(inputs["body"]);
        var outputs = Json(outcome.Outputs);
        Assert.Equal(200, (int?)outputs["status"]);
        Assert.Equal("?customer=Zhang+San&page=2", (string?)outputs["json"]!["query"]);
        Assert.Equal("""{"query":"?customer=Zhang+San&page=2"}""", (string?)outputs["body"]);
        Assert.Equal("application/json", (string?)outputs["content_type"]);
        Assert.Empty(http.Network.Violations);
    }

    [Fact]
    public async Task RunAsync_PostWithSecretHeader_SendsTheSecretButRecordsAndLogsItMasked()
    {
        await using var http = await StartAsync();
        var step = new WorkflowHttpStep("POST", http.Url("/orders?key={{ secrets.api_token | url_encode }}"))
        {
            Headers = new Dictionary<string, string> { ["Authorization"] = "Bearer {{ secrets.api_token }}", ["X-Order"] = "{{ inputs.order_id }}" },
            Body = """{"order": "{{ inputs.order_id }}", "quantity": {{ inputs.quantity }}}""",
        };

        var outcome = await http.RunAsync(step, Model(("order_id", "A-17"), ("quantity", "3")));

        Assert.True(outcome.Succeeded, outcome.Error);
        var received = Assert.Single(http.Server.Requests);
        Assert.Equal("Bearer s3cr3t-T0ken!", received.Headers["Authorization"]);
        Assert.Equal("/orders?key=s3cr3t-T0ken%21", received.PathAndQuery);
        Assert.Equal("application/json; charset=utf-8", received.Headers["Content-Type"]);
        Assert.Equal("RpaWorkbench-Workflow", received.Headers["User-Agent"]);
        Assert.Equal("""{"order": "A-17", "quantity": 3}""", received.Body);

        var inputs = Json(outcome.Inputs);
        Assert.Equal("POST", (string?)inputs["method"]);
        Assert.Equal($"http://api.example.test:{http.Server.Port}/orders?key=***", (string?)inputs["url"]);
        Assert.Equal("Bearer ***", (string?)inputs["headers"]!["Authorization"]);
        Assert.Equal("A-17", (string?)inputs["headers"]!["X-Order"]);
        Assert.Equal("""{"order": "A-17", "quantity": 3}""", (string?)inputs["body"]);
        Assert.DoesNotContain("s3cr3t", outcome.Inputs, StringComparison.Ordinal);
        Assert.NotEmpty(http.Logs.Entries);
        Assert.DoesNotContain(http.Logs.Entries, e => e.Message.Contains("s3cr3t", StringComparison.Ordinal));

        var outputs = Json(outcome.Outputs);
        Assert.Equal(201, (int?)outputs["status"]);
        Assert.Equal(42, (int?)outputs["json"]!["id"]);
    }

    [Fact]
    public async Task RunAsync_GivenContentTypeAndUserAgent_SendsThemInsteadOfTheDefaults()
    {
        await using var http = await StartAsync();
        var step = new WorkflowHttpStep("PUT", http.Url("/status/204"))
        {
            Headers = new Dictionary<string, string> { ["Content-Type"] = "text/csv", ["User-Agent"] = "erp-sync/2" },
            Body = "sku,quantity\nX1,2",
        };

        await http.RunAsync(step);

        var received = Assert.Single(http.Server.Requests);
        Assert.Equal(("PUT", "text/csv", "erp-sync/2", "sku,quantity\nX1,2"),
            (received.Method, received.Headers["Content-Type"], received.Headers["User-Agent"], received.Body));
    }

    [Theory]
    [InlineData(404, "200-299,404")]
    [InlineData(201, "200-299")]
    [InlineData(302, "300-399")]
    public async Task RunAsync_StatusInTheSuccessList_Succeeds(int status, string successStatuses)
    {
        await using var http = await StartAsync();

        var outcome = await http.RunAsync(new WorkflowHttpStep("GET", http.Url($"/status/{status}")) { SuccessStatuses = successStatuses });

        Assert.True(outcome.Succeeded, outcome.Error);
        Assert.Equal(status, (int?)Json(outcome.Outputs)["status"]);
    }

    [Fact]
    public async Task RunAsync_StatusOutsideTheSuccessList_FailsNamingStatusAndList()
    {
        await using var http = await StartAsync();

        var outcome = await http.RunAsync(new WorkflowHttpStep("GET", http.Url("/status/503")));

        Assert.False(outcome.Succeeded);
        Assert.Equal("HTTP 503 is not a success status (200-299).", outcome.Error);
        Assert.Equal(503, (int?)Json(outcome.Outputs)["status"]);
        Assert.False((bool?)Json(outcome.Outputs)["json"]!["ok"]);
    }

    [Fact]
    public async Task RunAsync_ConditionOverResponseJson_DecidesSuccess()
    {
        await using var http = await StartAsync();
        var step = new WorkflowHttpStep("POST", http.Url("/orders")) { Body = "{}" };

        var accepted = await http.RunAsync(step with { SuccessCondition = "response.json.state == \"accepted\" and response.status == 201" });
        var refused = await http.RunAsync(step with { SuccessCondition = "response.json.state == \"shipped\"" });

        Assert.True(accepted.Succeeded, accepted.Error);
        Assert.False(refused.Succeeded);
        Assert.Equal("The success condition `response.json.state == \"shipped\"` was false.", refused.Error);
        Assert.Equal(201, (int?)Json(refused.Outputs)["status"]);
    }

    [Fact]
    public async Task RunAsync_ConditionReadingAFieldTheAnswerLacks_FailsNamingTheCondition()
    {
        await using var http = await StartAsync();

        var outcome = await http.RunAsync(new WorkflowHttpStep("GET", http.Url("/text")) { SuccessCondition = "response.body contains \"plain\" and response.json.ok == true" });
        var contains = await http.RunAsync(new WorkflowHttpStep("GET", http.Url("/text")) { SuccessCondition = "response.body contains \"plain\"" });

        Assert.False(outcome.Succeeded);
        Assert.StartsWith("The success condition `response.body contains \"plain\" and response.json.ok == true` could not be evaluated: ", outcome.Error, StringComparison.Ordinal);
        Assert.True(contains.Succeeded, contains.Error);
    }

    [Fact]
    public async Task RunAsync_NonJsonBody_ReturnsTheTextAndNoJson()
    {
        await using var http = await StartAsync();

        var outcome = await http.RunAsync(new WorkflowHttpStep("GET", http.Url("/text")));

        Assert.True(outcome.Succeeded, outcome.Error);
        var outputs = Json(outcome.Outputs);
        Assert.Equal("plain words, not JSON", (string?)outputs["body"]);
        Assert.Null(outputs["json"]);
        Assert.Equal("text/plain", (string?)outputs["content_type"]);
    }

    [Theory]
    [InlineData("sized")]
    [InlineData("chunked")]
    public async Task RunAsync_BodyOverTheCap_FailsNamingTheSetting(string kind)
    {
        await using var http = await StartAsync();

        var atCap = await http.RunAsync(new WorkflowHttpStep("GET", http.Url($"/{kind}/1024")));
        var overCap = await http.RunAsync(new WorkflowHttpStep("GET", http.Url($"/{kind}/1025")));

        Assert.True(atCap.Succeeded, atCap.Error);
        Assert.Equal(1024, ((string?)Json(atCap.Outputs)["body"])!.Length);
        Assert.False(overCap.Succeeded);
        Assert.Equal("The response body is larger than 1024 bytes (Workbench:Workflows:HttpMaxResponseBytes).", overCap.Error);
        Assert.Null(overCap.Outputs);
    }

    [Fact]
    public async Task RunAsync_NoAnswerWithinTheTimeout_FailsAsTimedOut()
    {
        await using var http = await StartAsync();
        var timersBefore = http.Host.Clock.TimersSet;

        var running = http.RunAsync(new WorkflowHttpStep("GET", http.Url("/slow")), timeoutSeconds: 30);
        await http.Server.SlowReceived.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        await http.Host.Clock.WaitForTimerAsync(timersBefore, t => t.DueTime == TimeSpan.FromSeconds(30), "the HTTP step's 30 s deadline");
        http.Host.Clock.Advance(TimeSpan.FromSeconds(30));
        var outcome = await running;

        Assert.False(outcome.Succeeded);
        Assert.Equal("No answer within 30 s.", outcome.Error);
        Assert.Equal("GET", (string?)Json(outcome.Inputs)["method"]);
    }

    [Fact]
    public async Task RunAsync_Redirect_IsTheAnswerAndIsNotFollowed()
    {
        await using var http = await StartAsync();

        var outcome = await http.RunAsync(new WorkflowHttpStep("GET", http.Url("/moved")));

        Assert.False(outcome.Succeeded);
        Assert.Equal("HTTP 302 is not a success status (200-299).", outcome.Error);
        Assert.Single(http.Server.Requests);
        Assert.Equal([ApiHost], http.Network.Resolved);
        Assert.Empty(http.Network.Violations);
    }
}

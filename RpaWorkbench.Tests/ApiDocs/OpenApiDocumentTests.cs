using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing.Patterns;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.ApiDocs;

/// <summary>
/// <c>/openapi/v1.json</c> describes every <c>/api</c> route the app maps, with the credentials, bodies and problem
/// answers each really has. Routes come from the routing table, so a route added later fails here until documented.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private readonly WorkbenchAppFactory _app = new();
    private JsonObject _document = default!;

    public async ValueTask InitializeAsync()
    {
        var response = await _app.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        _document = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!.AsObject();
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Document_EveryMappedApiRoute_IsDescribedWithItsMethod()
    {
        var routes = ApiEndpoints.Of(_app.Services);
        Assert.NotEmpty(routes);
        var paths = _document["paths"]!.AsObject();

        var missing = routes
            .Select(r => (r.Method, Path: DocumentPath(r.Endpoint.RoutePattern)))
            .Where(r => paths[r.Path]?[r.Method.ToLowerInvariant()] is null)
            .Select(r => $"{r.Method} {r.Path}")
            .ToList();

        Assert.True(missing.Count == 0, "Not in the OpenAPI document: " + string.Join(", ", missing));
    }

    [Fact]
    public void Document_Webhooks_AreDescribedWithSeedExamplesAndTheirAnswers()
    {
        var operation = _document["paths"]!["/api/v1/webhook/execution-complete"]!["post"]!;

        var json = operation["requestBody"]!["content"]!["application/json"]!;
        Assert.Equal("completed", (string?)json["examples"]!["seed"]!["value"]!["status"]);
        Assert.Equal(1800, (int?)json["examples"]!["seed"]!["value"]!["duration_seconds"]);
        var schema = Resolve(json["schema"]!);
        Assert.Contains("shadow_bot_account", Names(schema["required"]));
        Assert.Contains("status", Names(schema["required"]));
        Assert.Equal(["completed", "failed"], Names(Resolve(schema["properties"]!["status"]!)["enum"]));
        Assert.Equal("string", (string?)Resolve(schema["properties"]!["status"]!)["type"]);
        Assert.NotNull(Resolve(schema["properties"]!["result_summary"]!)["properties"]!["total_items"]);

        var reply = operation["responses"]!["200"]!["content"]!["application/json"]!;
        Assert.Equal(["success", "id", "duplicate"], Resolve(reply["schema"]!)["properties"]!.AsObject().Select(p => p.Key));
        foreach (var status in new[] { "400", "401", "413", "415", "429", "503" })
        {
            Assert.NotNull(operation["responses"]![status]?["content"]?["application/problem+json"]);
        }

        Assert.Equal(["ApiKey", "Bearer"], SecurityOf(operation));
    }

    [Theory]
    [InlineData("/api/v1/tasks", "post", "request")]
    [InlineData("/api/v1/tasks/{id}", "get", "200")]
    public void Document_TaskShadowBotSettings_AreDescribedWithTheirValues(string path, string method, string part)
    {
        var operation = _document["paths"]![path]![method]!;
        var content = part == "request" ? operation["requestBody"]!["content"]! : operation["responses"]![part]!["content"]!;

        var settings = Resolve(Resolve(content["application/json"]!["schema"]!)["properties"]!["shadow_bot"]!);

        var properties = settings["properties"]!.AsObject();
        Assert.Equal(["robot_uuid", "group_uuid", "execute_scope", "priority", "wait_timeout_seconds", "file_param"], properties.Select(p => p.Key));
        Assert.Equal(["any", "all"], Names(Resolve(properties["execute_scope"]!)["enum"]).OfType<string>());
        Assert.Equal(["high", "middle", "low"], Names(Resolve(properties["priority"]!)["enum"]).OfType<string>());
    }

    [Theory]
    [InlineData("/api/v1/tasks", "post", "request")]
    [InlineData("/api/v1/tasks/{id}", "get", "200")]
    public void Document_TaskParameters_AreDescribedWithTheirTypes(string path, string method, string part)
    {
        var operation = _document["paths"]![path]![method]!;
        var content = part == "request" ? operation["requestBody"]!["content"]! : operation["responses"]![part]!["content"]!;

        var list = Resolve(Resolve(content["application/json"]!["schema"]!)["properties"]!["parameters"]!);
        var properties = Resolve(list["items"]!)["properties"]!.AsObject();

        Assert.Equal(["name", "type", "required", "default", "max_length", "description"], properties.Select(p => p.Key));
        Assert.Equal(["text", "integer", "decimal", "boolean", "date", "file"], Names(Resolve(properties["type"]!)["enum"]).OfType<string>());
    }

    [Theory]
    // The seed's own example (seed 000/001): robot tygj001 at 192.168.10.21:8080 runs 云仓收藏; its run of 2026-01-27
    // 10:00–10:30 Shanghai time took 1800 s for 50 items, 48 of them succeeded. Locations are slash-separated.
    [InlineData("/api/v1/accounts", "get", "200", "items/0/shadow_bot_account", "tygj001")]
    [InlineData("/api/v1/accounts", "post", "request", "host_ip", "192.168.10.21")]
    [InlineData("/api/v1/accounts", "post", "201", "status", "pending")]
    [InlineData("/api/v1/accounts/{id}", "get", "200", "task_control", "tygj001-192.168.10.21:8080")]
    [InlineData("/api/v1/accounts/{id}", "put", "request", "port", "8080")]
    [InlineData("/api/v1/accounts/{id}", "put", "200", "recent_app", "云仓收藏")]
    [InlineData("/api/v1/tasks", "get", "200", "items/0/app_name", "云仓收藏")]
    [InlineData("/api/v1/tasks", "post", "request", "shadow_bot_account", null)]
    [InlineData("/api/v1/tasks", "post", "request", "app_name", "云仓收藏")]
    [InlineData("/api/v1/tasks", "post", "201", "status", "pending")]
    [InlineData("/api/v1/tasks/{id}", "get", "200", "last_outcome", "completed")]
    [InlineData("/api/v1/tasks/{id}", "put", "request", "run_timeout_seconds", "3600")]
    [InlineData("/api/v1/tasks/{id}", "put", "200", "shadow_bot_account", "tygj001")]
    [InlineData("/api/v1/tasks/{id}/start", "post", "request", "parameters/batch_size", "50")]
    [InlineData("/api/v1/tasks/{id}/start", "post", "200", "status", "running")]
    [InlineData("/api/v1/logs", "get", "200", "items/0/duration_seconds", "1800")]
    [InlineData("/api/v1/logs", "get", "200", "items/0/start_time", "2026-01-27T02:00:00Z")]
    [InlineData("/api/v1/logs/{id}", "get", "200", "result_summary/success_items", "48")]
    [InlineData("/api/v1/logs/{id}", "get", "200", "log_url", "https://bucket.oss-cn-hangzhou.aliyuncs.com/run/123/log.txt")]
    [InlineData("/api/v1/dashboard/stats", "get", "200", "period/last_day", "2026-01-27")]
    [InlineData("/api/v1/dashboard/performance", "get", "200", "days/6/day", "2026-01-27")]
    [InlineData("/api/v1/dashboard/execution-rank", "get", "200", "accounts/0/name", "tygj001")]
    public void Document_SeedResources_CarrySeedExamples(string path, string method, string part, string location, string? expected)
    {
        var operation = _document["paths"]![path]![method]!;
        var content = part == "request" ? operation["requestBody"]!["content"]! : operation["responses"]![part]!["content"]!;

        var example = content["application/json"]!["examples"]!["seed"]!["value"]!;

        var value = location.Split('/').Aggregate((JsonNode?)example, (node, step) => int.TryParse(step, out var index) ? node?[index] : node?[step]);
        Assert.Equal(expected, value?.ToString());
    }

    [Fact]
    public void Document_StartTask_TakesAnOptionalBodyOfParameterValues()
    {
        var body = _document["paths"]!["/api/v1/tasks/{id}/start"]!["post"]!["requestBody"]!;

        Assert.False((bool?)body["required"] ?? false);
        Assert.NotNull(Resolve(body["content"]!["application/json"]!["schema"]!)["properties"]!["parameters"]);
    }

    [Fact]
    public void Document_SecuritySchemes_AreTheKeyHeaderBearerAndSessionCookie()
    {
        var schemes = _document["components"]!["securitySchemes"]!;

        Assert.Equal("apiKey", (string?)schemes["ApiKey"]!["type"]);
        Assert.Equal("header", (string?)schemes["ApiKey"]!["in"]);
        Assert.Equal("X-Api-Key", (string?)schemes["ApiKey"]!["name"]);
        Assert.Equal("http", (string?)schemes["Bearer"]!["type"]);
        Assert.Equal("bearer", (string?)schemes["Bearer"]!["scheme"]);
        Assert.Equal("cookie", (string?)schemes["SessionCookie"]!["in"]);
        Assert.Equal("wb.auth", (string?)schemes["SessionCookie"]!["name"]);
    }

    [Theory]
    // Each route's credentials as its authorization says: session only, key or session, a link that is its own credential.
    [InlineData("/api/v1/audit/export", "get", new[] { "ApiKey", "Bearer", "SessionCookie" })]
    [InlineData("/api/v1/resources/proxy", "get", new[] { "ApiKey", "Bearer", "SessionCookie" })]
    [InlineData("/api/v1/logs/export", "get", new[] { "ApiKey", "Bearer", "SessionCookie" })]
    [InlineData("/api/v1/resources/config/get", "post", new[] { "ApiKey", "Bearer", "SessionCookie" })]
    [InlineData("/api/v1/resources/config-files/{token}", "get", new string[0])]
    public void Document_EachRoute_NamesTheCredentialsItAccepts(string path, string method, string[] schemes) =>
        Assert.Equal(schemes, SecurityOf(_document["paths"]![path]![method]!));

    [Theory]
    [InlineData("/api/v1/resources/config/get", "post", "400", "errors")]
    [InlineData("/api/v1/resources/config/get", "post", "404", "errors")]
    [InlineData("/api/v1/resources/upload/config", "post", "413", "errors")]
    [InlineData("/api/v1/resources/config-files/{token}", "get", "410", "detail")]
    [InlineData("/api/v1/audit/export", "get", "403", "detail")]
    [InlineData("/api/v1/logs/export", "get", "400", "errors")]
    public void Document_ProblemAnswers_AreProblemDetails(string path, string method, string status, string property)
    {
        var content = _document["paths"]![path]![method]!["responses"]![status]!["content"]!["application/problem+json"]!;

        var schema = Resolve(content["schema"]!);
        Assert.NotNull(schema["properties"]!["title"]);
        Assert.NotNull(schema["properties"]![property]);
    }

    [Fact]
    public async Task Document_WithoutSignInOrKey_IsServed()
    {
        using var anonymous = _app.Browser();

        var response = await anonymous.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Document_InProduction_IsServedWithTheSameRoutes()
    {
        await using var production = WorkbenchAppFactory.With(new Dictionary<string, string>(), environment: "Production");

        var response = await production.CreateClient().GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!["paths"]!.AsObject();
        Assert.Equal(_document["paths"]!.AsObject().Select(p => p.Key).Order(), paths.Select(p => p.Key).Order());
    }

    // Route parameters as OpenAPI writes them: {**key} is {key}.
    private static string DocumentPath(RoutePattern pattern) =>
        "/" + string.Join('/', pattern.PathSegments.Select(segment => string.Concat(segment.Parts.Select(part => part switch
        {
            RoutePatternParameterPart parameter => "{" + parameter.Name + "}",
            RoutePatternLiteralPart literal => literal.Content,
            _ => throw new InvalidOperationException("Unexpected route part " + part),
        }))));

    // A nullable schema is a oneOf of null and the schema itself.
    private JsonNode Resolve(JsonNode schema) =>
        (string?)schema["$ref"] is { } reference
            ? _document["components"]!["schemas"]![reference.Split('/')[^1]]!
            : schema["oneOf"]?.AsArray().SingleOrDefault(s => (string?)s!["type"] != "null") is { } notNull ? Resolve(notNull) : schema;

    private static List<string?> Names(JsonNode? array) => array!.AsArray().Select(n => (string?)n).ToList();

    private static List<string> SecurityOf(JsonNode operation) =>
        (operation["security"]?.AsArray() ?? []).SelectMany(requirement => requirement!.AsObject().Select(s => s.Key)).ToList();
}

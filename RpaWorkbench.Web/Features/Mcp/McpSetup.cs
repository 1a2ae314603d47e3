using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Authorization;
using ModelContextProtocol;
using RpaWorkbench.Web.Features.ApiKeys;

namespace RpaWorkbench.Web.Features.Mcp;

/// <summary>
/// The MCP server for AI assistants (docs/api-mcp.md): Streamable HTTP at <c>/mcp</c>, stateless, for API keys of the
/// viewer, operator and admin scopes only. Each tool calls a Core service as the key, so roles are the pages' roles.
/// </summary>
public static class McpSetup
{
    public const string Path = "/mcp";

    /// <summary>A tool call is a small JSON-RPC message; nothing an assistant sends comes near this.</summary>
    public const long MaxBodyBytes = 64 * 1024;

    /// <summary>An API key that acts with a Workbench role. Robot keys are for webhooks and are refused (403).</summary>
    public const string Policy = "McpApiKey";

    /// <summary>Tool arguments and results: snake_case names and enum values, as the webhooks and the event stream spell them.</summary>
    internal static readonly JsonSerializerOptions Json = SnakeCase();

    public static IServiceCollection AddWorkbenchMcp(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder().AddPolicy(Policy, policy => policy
            .AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName)
            .RequireAuthenticatedUser()
            .RequireAssertion(context => Roles.All.Any(context.User.IsInRole)));
        services.AddMcpServer(o => o.ServerInfo = new() { Name = "rpa-workbench", Version = "1.0" })
            .WithHttpTransport(o => o.Stateless = true)
            .WithRequestFilters(filters => filters.AddCallToolFilter(McpToolErrors.AsToolResults))
            .WithTools<RobotTools>(Json)
            .WithTools<RunTools>(Json)
            .WithTools<BatchTools>(Json)
            .WithTools<WorkflowTools>(Json)
            .WithTools<AlertTools>(Json);
        return services;
    }

    private static JsonSerializerOptions SnakeCase()
    {
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        // First: the SDK's defaults already hold an enum converter that keeps the C# names.
        options.Converters.Insert(0, new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return options;
    }

    public static void MapWorkbenchMcp(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapMcp(Path)
            .RequireAuthorization(Policy)
            // Called with a key, never a browser form: no antiforgery token to check.
            .DisableAntiforgery()
            .WithMetadata(new BodyLimitAttribute(MaxBodyBytes))
            .Add(endpoint => endpoint.RequestDelegate = AnswerTooLarge(endpoint.RequestDelegate!));

    // Kestrel refuses a body over the limit while the SDK reads it; the SDK lets that through as a 500.
    private static RequestDelegate AnswerTooLarge(RequestDelegate next) => async context =>
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge && !context.Response.HasStarted)
        {
            await ApiProblems.Status(context, ex.StatusCode, "Body too large",
                $"An MCP message may be at most {MaxBodyBytes} bytes; nothing was done.").ExecuteAsync(context);
        }
    };
}

using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Scalar.AspNetCore;

namespace RpaWorkbench.Web.Features.ApiDocs;

/// <summary>
/// The OpenAPI document of every <c>/api</c> route (<c>/openapi/v1.json</c>, open to anyone in every environment: it
/// describes, it holds no data) and the Scalar reference page at <c>/docs</c> (signed-in users, by the fallback
/// policy). Scalar's script is served by the app itself; fonts, telemetry and its AI agent (all from its CDN) are off.
/// </summary>
public static class ApiDocsSetup
{
    public const string DocumentName = "v1";
    public const string DocumentPath = "/openapi/v1.json";
    public const string ReferencePath = "/docs";

    public static IServiceCollection AddWorkbenchApiDocs(this IServiceCollection services)
    {
        // Fields and enums travel as snake_case (the seed's names), and the document says so (it reads the same options).
        services.ConfigureHttpJsonOptions(o => UseApiJson(o.SerializerOptions));
        services.AddOpenApi(DocumentName, o =>
        {
            o.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            o.AddDocumentTransformer<ApiDocumentTransformer>();
            o.AddOperationTransformer<ApiOperationTransformer>();
            // The generator lists an enum's names but leaves out their type; say they are strings. A nullable enum's
            // schema also lists null, which its properties already allow (oneOf null or the enum): a null value would
            // then match both, which is no valid oneOf.
            o.AddSchemaTransformer((schema, context, _) =>
            {
                if ((Nullable.GetUnderlyingType(context.JsonTypeInfo.Type) ?? context.JsonTypeInfo.Type).IsEnum)
                {
                    schema.Type = JsonSchemaType.String;
                    schema.Enum = schema.Enum?.Where(value => value is not null && value.GetValueKind() != JsonValueKind.Null).ToList();
                }

                return Task.CompletedTask;
            });
        });
        return services;
    }

    /// <summary>The API's JSON shape: snake_case fields and enums as strings (also what the document's examples are written in).</summary>
    public static JsonSerializerOptions UseApiJson(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return options;
    }

    public static IEndpointRouteBuilder MapWorkbenchApiDocs(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        endpoints.MapScalarApiReference(ReferencePath, o => o
            .WithTitle("RPA Workbench API")
            .WithOpenApiRoutePattern("/openapi/{documentName}.json")
            .DisableDefaultFonts()
            .DisableTelemetry()
            .DisableAgent()
            .DisableMcp()
            // A fresh nonce per answer for Scalar's inline start-up script; SecurityHeadersMiddleware puts it in the CSP.
            .WithNonce());
        return endpoints;
    }
}

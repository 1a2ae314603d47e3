using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace RpaWorkbench.Web.Features.ApiDocs;

/// <summary>The document's title, its tags and the three ways a caller proves who it is; each operation names the ones it accepts.</summary>
internal sealed class ApiDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";
    public const string SessionScheme = "SessionCookie";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "RPA Workbench API",
            Version = "v1",
            Description = "The robots' webhooks and config routes and the exports, as this Workbench answers them. " +
                          "Errors are RFC 9457 problem details; a 400 names each bad field in `errors`.",
        };
        // The API is wherever the reader reached this document (behind a proxy, a tunnel, a LAN address): a relative
        // server, not the host name this request happened to use.
        document.Servers = [new OpenApiServer { Url = "/", Description = "This Workbench" }];
        document.Tags = new HashSet<OpenApiTag>
        {
            new() { Name = "Webhooks", Description = "What ShadowBot robots call: an app started, an app ended, alive (docs/webhooks.md)." },
            new() { Name = "Robot config", Description = "A task's config for its robot: read it, replace its file, download files." },
            new() { Name = "Exports", Description = "The logs and audit pages' filters as CSV, streamed." },
            new() { Name = "Resources", Description = "Robots' screenshots and logs fetched through the Workbench, for signed-in people." },
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes = new Dictionary<string, IOpenApiSecurityScheme>
        {
            [ApiKeyScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = "X-Api-Key",
                Description = "An API key from the API keys page or `apikey create` (wbk_…).",
            },
            [BearerScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http,
                Scheme = "bearer",
                Description = "The same API key as `Authorization: Bearer <key>`.",
            },
            [SessionScheme] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Cookie,
                Name = SecuritySetup.CookieName,
                Description = "A signed-in person's session cookie (sign in at /signin).",
            },
        };
        return Task.CompletedTask;
    }
}

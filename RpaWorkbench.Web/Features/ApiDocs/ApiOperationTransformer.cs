using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Web.Features.ApiKeys;

namespace RpaWorkbench.Web.Features.ApiDocs;

/// <summary>
/// What the endpoint metadata says beyond parameters and declared responses: which credentials the route accepts (from
/// its authorization metadata, so the document cannot claim a key where the code wants a session), the body and query
/// values it reads itself, and examples.
/// </summary>
internal sealed class ApiOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        operation.Security = Schemes(metadata)
            .Select(s => new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference(s, document)] = [] })
            .ToList();

        if (metadata.OfType<NeedsScopeAttribute>().LastOrDefault() is { } needs)
        {
            operation.Description = (operation.Description is { Length: > 0 } text ? text + "\n\n" : "") + NeedsText(needs);
        }

        foreach (var query in metadata.OfType<ApiQueryParameter>())
        {
            operation.Parameters ??= [];
            operation.Parameters.Add(new OpenApiParameter
            {
                Name = query.Name, In = ParameterLocation.Query, Description = query.Description, Schema = new OpenApiSchema { Type = JsonSchemaType.String },
            });
        }

        var examples = metadata.OfType<ApiExample>().ToList();
        if (metadata.OfType<ApiRequestBody>().LastOrDefault() is { } body)
        {
            var name = body.Type.Name;
            document.AddComponent(name, await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken));
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = body.Required,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [body.ContentType] = new() { Schema = new OpenApiSchemaReference(name, document), Examples = Examples(examples, null) },
                },
            };
        }

        foreach (var (status, response) in operation.Responses ?? [])
        {
            var ofStatus = Examples(examples, int.Parse(status, CultureInfo.InvariantCulture));
            if (ofStatus.Count > 0 && response.Content?.Values.FirstOrDefault() is { } media)
            {
                media.Examples = ofStatus;
            }
        }
    }

    private static string NeedsText(NeedsScopeAttribute needs) => needs.Scope == ApiKeyScopes.Robot
        ? "Needs a `robot` key."
        : $"Needs a `{needs.Scope}` key or higher, or a signed-in user with that role{(needs.RobotsToo ? "; `robot` keys may call it too" : "")}.";

    // Anonymous routes (capability links) need nothing; a named scheme or policy decides; the fallback is the session.
    private static IEnumerable<string> Schemes(IList<object> metadata)
    {
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return [];
        }

        var authorize = metadata.OfType<IAuthorizeData>().ToList();
        var key = authorize.Any(a => a.Policy == SecuritySetup.SessionOrApiKeyPolicy || SchemeNamed(a, ApiKeyAuthenticationHandler.SchemeName));
        var session = authorize.All(a => a.Policy is null && a.AuthenticationSchemes is null)
                      || authorize.Any(a => a.Policy == SecuritySetup.SessionOrApiKeyPolicy || SchemeNamed(a, IdentityConstants.ApplicationScheme));
        return [.. key ? new[] { ApiDocumentTransformer.ApiKeyScheme, ApiDocumentTransformer.BearerScheme } : [], .. session ? new[] { ApiDocumentTransformer.SessionScheme } : []];
    }

    private static bool SchemeNamed(IAuthorizeData authorize, string scheme) =>
        authorize.AuthenticationSchemes?.Split(',', StringSplitOptions.TrimEntries).Contains(scheme) == true;

    private static Dictionary<string, IOpenApiExample> Examples(IEnumerable<ApiExample> examples, int? status) =>
        examples.Where(e => e.Status == status)
            .ToDictionary(e => e.Name, e => (IOpenApiExample)new OpenApiExample { Summary = e.Summary, Value = JsonNode.Parse(e.Json) });
}

using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.ApiKeys;

/// <summary>
/// API keys for admins, as the API-keys page manages them: <c>GET /api/v1/api-keys</c> (newest first, paged; never a
/// secret or hash), <c>POST</c> (the secret is in the 201 answer only), <c>DELETE /{id}</c> (revoke; its callers get 401).
/// </summary>
public static class ApiKeysApi
{
    public static void MapApiKeysApi(this IEndpointRouteBuilder endpoints)
    {
        var keys = endpoints.MapRestGroup("/api-keys", "API keys");
        keys.MapGet("", ListAsync).Needs(ApiKeyScopes.Admin).WithName("list-api-keys")
            .WithSummary("API keys, newest first, with scope, owner, expiry and last use (admins)")
            .TakesQuery((ApiPaging.PageField, "Page number, from 1."), (ApiPaging.PageSizeField, "Keys per page, 1-500 (default 20)."))
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        keys.MapPost("", CreateAsync).Needs(ApiKeyScopes.Admin).WithName("create-api-key")
            .WithSummary("Create a key; its secret is in this answer only (admins)")
            .ReadsJson<ApiKeyRequest>()
            .Produces<CreatedApiKey>(StatusCodes.Status201Created);
        keys.MapDelete("/{id:long}", RevokeAsync).Needs(ApiKeyScopes.Admin).WithName("revoke-api-key")
            .WithSummary("Revoke a key: calls with it are refused (401) from now on (admins)")
            .ProducesProblems([], StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<ApiPage<ApiKeyInfo>>> ListAsync(HttpRequest request, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, ApiKeyService.MaxPageSize, errors);
        QueryValues.ThrowIfAny(errors);
        return TypedResults.Ok(paging.Of(await keys.ListAsync(paging.Index, paging.PageSize, cancellationToken), key => key));
    }

    private static async Task<IResult> CreateAsync(HttpContext context, ApiKeyService keys, CancellationToken cancellationToken)
    {
        var (body, problem) = await RestBody.ReadAsync<ApiKeyRequest>(context);
        if (problem is not null)
        {
            return problem;
        }

        var created = await keys.CreateAsync(new NewApiKey(body!.Name, body.Scope, body.ExpiresAt?.UtcDateTime, body.Owner), cancellationToken);
        return TypedResults.Created((string?)null, created);
    }

    private static async Task<NoContent> RevokeAsync(long id, ApiKeyService keys, CancellationToken cancellationToken)
    {
        await keys.RevokeAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }
}

/// <summary>
/// A key to create: <c>name</c> (required), <c>scope</c> (robot, viewer, operator or admin; robot when left out),
/// <c>expires_at</c> (ISO-8601 with an offset; never when left out), <c>owner</c> (a user name; the caller when left out).
/// </summary>
public sealed record ApiKeyRequest
{
    public string? Name { get; init; }

    public string? Scope { get; init; }

    public DateTimeOffset? ExpiresAt { get; init; }

    public string? Owner { get; init; }
}

using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Users;

/// <summary><c>GET /api/v1/users</c>: the users list for admins (search over user and display name, paged).</summary>
public static class UsersApi
{
    public const string SearchField = "search";

    public static void MapUsersApi(this IEndpointRouteBuilder endpoints)
    {
        var users = endpoints.MapRestGroup("/users", "Users");
        users.MapGet("", ListAsync).Needs(ApiKeyScopes.Admin).WithName("list-users").WithSummary("Users, with their role and sign-in state (admins)");
    }

    private static async Task<Ok<ApiPage<UserRow>>> ListAsync(HttpRequest request, UserService users, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, UserQuery.MaxPageSize, errors);
        QueryValues.ThrowIfAny(errors);
        var query = new UserQuery { Search = QueryValues.Text(request, SearchField), Page = paging.Index, PageSize = paging.PageSize };
        return TypedResults.Ok(paging.Of(await users.ListAsync(query, cancellationToken), row => row));
    }
}

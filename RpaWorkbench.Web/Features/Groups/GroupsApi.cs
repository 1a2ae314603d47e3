using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Groups;

/// <summary>
/// <c>/api/v1/groups</c>: robot groups as the groups page lists and edits them, through <see cref="RobotGroupService"/>
/// (docs/api-rest-groups.md). The <c>ETag</c> is the group's version; changing the members bumps it too.
/// </summary>
public static class GroupsApi
{
    public const string SearchField = "search";

    public static void MapGroupsApi(this IEndpointRouteBuilder endpoints)
    {
        var groups = endpoints.MapRestGroup("/groups", "Groups");
        groups.MapGet("", ListAsync).Needs(ApiKeyScopes.Viewer).WithName("list-groups")
            .WithSummary("Robot groups by name, with member and online counts, paged")
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        groups.MapGet("/{id:long}", GetAsync).Needs(ApiKeyScopes.Viewer).WithName("get-group")
            .WithSummary("One robot group with its members, with its version as ETag")
            .ProducesProblems([], StatusCodes.Status404NotFound);
        groups.MapPost("", CreateAsync).Needs(ApiKeyScopes.Operator).WithName("create-group")
            .WithSummary("Create a robot group (names are unique), optionally with its members")
            .ReadsJson<GroupRequest>().Produces<RobotGroupDetail>(StatusCodes.Status201Created);
        groups.MapPut("/{id:long}", UpdateAsync).Needs(ApiKeyScopes.Operator).WithName("update-group")
            .WithSummary("Rename a group or change its description (and members when account_ids is sent); If-Match guards against overwriting")
            .ReadsJson<GroupRequest>().Produces<RobotGroupDetail>()
            .ProducesProblems([], StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed);
        groups.MapPut("/{id:long}/members", SetMembersAsync).Needs(ApiKeyScopes.Operator).WithName("set-group-members")
            .WithSummary("Make exactly these accounts the group's members")
            .ReadsJson<GroupMembersRequest>().Produces<RobotGroupDetail>()
            .ProducesProblems([], StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed);
        groups.MapDelete("/{id:long}", DeleteAsync).Needs(ApiKeyScopes.Operator).WithName("delete-group")
            .WithSummary("Delete a group; its accounts stay")
            .ProducesProblems([], StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<ApiPage<RobotGroupRow>>> ListAsync(HttpRequest request, RobotGroupService groups, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, RobotGroupQuery.MaxPageSize, errors);
        var query = new RobotGroupQuery { Search = QueryValues.Text(request, SearchField), Page = paging.Index, PageSize = paging.PageSize };
        QueryValues.ThrowIfAny(errors);
        return TypedResults.Ok(paging.Of(await groups.ListAsync(query, cancellationToken), row => row));
    }

    private static async Task<Ok<RobotGroupDetail>> GetAsync(long id, HttpContext context, RobotGroupService groups, CancellationToken cancellationToken)
    {
        var group = await groups.GetAsync(id, cancellationToken)
            ?? throw new RuleViolationException(ErrorCodes.NotFound, $"Group {id} does not exist (it may have been deleted).");
        return Tagged(context, TypedResults.Ok(group), group);
    }

    private static Task<IResult> CreateAsync(HttpContext context, RobotGroupService groups, CancellationToken cancellationToken) =>
        RestBody.ThenAsync<GroupRequest>(context, async body =>
        {
            var group = await groups.CreateAsync(body.ToInput(version: null), cancellationToken);
            return Tagged(context, TypedResults.Created($"{RestApi.Prefix}/groups/{group.Id}", group), group);
        });

    private static Task<IResult> UpdateAsync(long id, HttpContext context, RobotGroupService groups, CancellationToken cancellationToken)
    {
        var version = ETags.IfMatchVersion(context.Request);
        return RestBody.ThenAsync<GroupRequest>(context, async body =>
        {
            var group = await groups.UpdateAsync(id, body.ToInput(version), cancellationToken);
            return Tagged(context, TypedResults.Ok(group), group);
        });
    }

    private static Task<IResult> SetMembersAsync(long id, HttpContext context, RobotGroupService groups, CancellationToken cancellationToken)
    {
        var version = ETags.IfMatchVersion(context.Request);
        return RestBody.ThenAsync<GroupMembersRequest>(context, async body =>
        {
            var group = await groups.SetMembersAsync(id, body.AccountIds ?? throw MembersRequired(), version, cancellationToken);
            return Tagged(context, TypedResults.Ok(group), group);
        });
    }

    private static async Task<NoContent> DeleteAsync(long id, RobotGroupService groups, CancellationToken cancellationToken)
    {
        await groups.DeleteAsync(id, cancellationToken);
        return TypedResults.NoContent();
    }

    private static T Tagged<T>(HttpContext context, T result, RobotGroupDetail group) =>
        ETags.Tagged(context, result, group.Version.ToString(CultureInfo.InvariantCulture));

    private static ValidationFailedException MembersRequired() =>
        new([new FieldError(RobotGroupRules.AccountIdsField, ErrorCodes.Required, "account_ids is required (an empty list removes every member).")]);
}

/// <summary>The body of <c>POST</c> and <c>PUT /api/v1/groups</c>: <c>account_ids</c> left out keeps the members as they are (none on create).</summary>
public sealed record GroupRequest
{
    // [Required] marks the field so in the document only; a missing one is the Core's to refuse (422 naming it).
    [Required]
    public string? Name { get; init; }

    public string? Description { get; init; }

    public IReadOnlyList<long>? AccountIds { get; init; }

    public RobotGroupInput ToInput(int? version) => new(Name, Description, AccountIds, version);
}

/// <summary>The body of <c>PUT /api/v1/groups/{id}/members</c>.</summary>
public sealed record GroupMembersRequest
{
    [Required]
    public IReadOnlyList<long>? AccountIds { get; init; }
}

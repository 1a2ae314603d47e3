using System.ComponentModel.DataAnnotations;
using Microsoft.AspNetCore.Http.HttpResults;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Accounts;

/// <summary>
/// <c>/api/v1/accounts</c>: the robot accounts as the accounts page lists and edits them, through
/// <see cref="AccountService"/> (docs/api-rest-accounts-tasks.md). The <c>ETag</c> is the account's version.
/// </summary>
public static class AccountsApi
{
    public const string SearchField = "search";
    public const string StatusField = "status";
    public const string OnlineField = "online";
    public const string UnregisteredField = "unregistered";
    public const string DeleteTasksField = "delete_tasks";

    public static void MapAccountsApi(this IEndpointRouteBuilder endpoints)
    {
        var accounts = endpoints.MapRestGroup("/accounts", "Accounts");
        accounts.MapGet("", ListAsync).Needs(ApiKeyScopes.Viewer).WithName("list-accounts")
            .WithSummary("Robot accounts, filtered, sorted and paged as on the accounts page").WithMetadata(AccountExamples.List)
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity]);
        accounts.MapGet("/{id:long}", GetAsync).Needs(ApiKeyScopes.Viewer).WithName("get-account")
            .WithSummary("One robot account, with its version as ETag").WithMetadata(AccountExamples.One)
            .ProducesProblems([], StatusCodes.Status404NotFound);
        accounts.MapPost("", CreateAsync).Needs(ApiKeyScopes.Operator).WithName("create-account")
            .WithSummary("Register a robot account (account, host and port are unique together)")
            .ReadsJson<AccountRequest>([.. AccountExamples.Body, .. AccountExamples.Registered]).Produces<AccountRow>(StatusCodes.Status201Created);
        accounts.MapPut("/{id:long}", UpdateAsync).Needs(ApiKeyScopes.Operator).WithName("update-account")
            .WithSummary("Change account, host and port; If-Match guards against overwriting someone else's change")
            .ReadsJson<AccountRequest>([.. AccountExamples.Body, .. AccountExamples.Updated]).Produces<AccountRow>()
            .ProducesProblems([], StatusCodes.Status404NotFound, StatusCodes.Status412PreconditionFailed);
        accounts.MapDelete("/{id:long}", DeleteAsync).Needs(ApiKeyScopes.Operator).WithName("delete-account")
            .WithSummary("Delete an account (with its tasks when delete_tasks=true); its run logs are kept")
            .ProducesProblems([StatusCodes.Status422UnprocessableEntity], StatusCodes.Status404NotFound, StatusCodes.Status409Conflict);
    }

    private static async Task<Ok<ApiPage<AccountRow>>> ListAsync(HttpRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var paging = ApiPaging.Read(request, AccountQuery.MaxPageSize, errors);
        var (sort, descending) = ApiSorting.Read(request, AccountSort.Account, errors);
        var query = new AccountQuery
        {
            Search = QueryValues.Text(request, SearchField),
            Status = QueryValues.Enum<AccountStatus>(request, StatusField, errors),
            Online = QueryValues.Bool(request, OnlineField, errors),
            Unregistered = QueryValues.Bool(request, UnregisteredField, errors),
            SortBy = sort,
            Descending = descending,
            Page = paging.Index,
            PageSize = paging.PageSize,
        };
        QueryValues.ThrowIfAny(errors);
        return TypedResults.Ok(paging.Of(await accounts.ListAsync(query, cancellationToken), row => row));
    }

    private static async Task<Ok<AccountRow>> GetAsync(long id, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var account = await accounts.GetAsync(id, cancellationToken) ?? throw NotFound(id);
        return Tagged(context, TypedResults.Ok(account), account);
    }

    private static Task<IResult> CreateAsync(HttpContext context, AccountService accounts, CancellationToken cancellationToken) =>
        RestBody.ThenAsync<AccountRequest>(context, async body =>
        {
            var account = await accounts.CreateAsync(body.ToInput(version: null), cancellationToken);
            return Tagged(context, TypedResults.Created($"{RestApi.Prefix}/accounts/{account.Id}", account), account);
        });

    private static Task<IResult> UpdateAsync(long id, HttpContext context, AccountService accounts, CancellationToken cancellationToken)
    {
        var version = ETags.IfMatchVersion(context.Request);
        return RestBody.ThenAsync<AccountRequest>(context, async body =>
        {
            var account = await accounts.UpdateAsync(id, body.ToInput(version), cancellationToken);
            return Tagged(context, TypedResults.Ok(account), account);
        });
    }

    private static async Task<NoContent> DeleteAsync(long id, HttpRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var deleteTasks = QueryValues.Bool(request, DeleteTasksField, errors) ?? false;
        QueryValues.ThrowIfAny(errors);
        await accounts.DeleteAsync(id, deleteTasks, cancellationToken);
        return TypedResults.NoContent();
    }

    private static T Tagged<T>(HttpContext context, T result, AccountRow account) =>
        ETags.Tagged(context, result, account.Version.ToString(CultureInfo.InvariantCulture));

    private static RuleViolationException NotFound(long id) =>
        new(ErrorCodes.NotFound, $"Account {id} does not exist (it may have been deleted).");
}

/// <summary>The body of <c>POST</c> and <c>PUT /api/v1/accounts</c>: every field, as the account dialog has them.</summary>
public sealed record AccountRequest
{
    // [Required] marks the field so in the document only; a missing one is the Core's to refuse (422 naming it).
    [Required]
    public string? ShadowBotAccount { get; init; }

    [Required]
    public string? HostIp { get; init; }

    [Required]
    public int? Port { get; init; }

    public AccountInput ToInput(int? version) => new(ShadowBotAccount, HostIp, Port, version);
}

namespace RpaWorkbench.Web.Infrastructure.Api;

/// <summary>
/// What the Core refuses, answered as the REST API promises (ADR "REST v1 statuses"): not signed in 401, role 403,
/// not found 404, a stale version 412, another rule (duplicate, still in use, busy) 409, a refused value 422 naming
/// each field. Nothing was written in any of these cases.
/// </summary>
public sealed class CoreFailureFilter : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        try
        {
            return await next(context);
        }
        catch (ValidationFailedException ex)
        {
            return ApiProblems.Field(http, StatusCodes.Status422UnprocessableEntity,
                ex.Errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
                "One or more fields are invalid; nothing was changed.");
        }
        catch (AccessDeniedException ex)
        {
            return ex.Code == ErrorCodes.SignInRequired
                ? ApiProblems.Status(http, StatusCodes.Status401Unauthorized, "Sign-in required", ex.Message)
                : ApiProblems.Status(http, StatusCodes.Status403Forbidden, "Forbidden", ex.Message);
        }
        catch (RuleViolationException ex)
        {
            var (status, title) = ex.Code switch
            {
                ErrorCodes.NotFound => (StatusCodes.Status404NotFound, "Not found"),
                ErrorCodes.ConcurrencyConflict => (StatusCodes.Status412PreconditionFailed, "Changed by someone else"),
                _ => (StatusCodes.Status409Conflict, "Conflict"),
            };
            var problem = ApiProblems.Status(http, status, title, ex.Message);
            problem.Value!.Extensions["code"] = ex.Code;
            return problem;
        }
    }
}

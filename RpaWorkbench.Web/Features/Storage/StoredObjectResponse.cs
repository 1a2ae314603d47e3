using RpaWorkbench.Core.Storage;

namespace RpaWorkbench.Web.Features.Storage;

/// <summary>
/// How the Workbench answers with a stored object: always an attachment, with the stored content type only when
/// browsers would not run it; 404 when nothing is stored, 503 + <c>Retry-After</c> when the storage cannot be reached.
/// </summary>
internal static class StoredObjectResponse
{
    public static async Task<IResult> SendAsync(HttpContext context, string key, Func<Task<StoredObject?>> open, ILogger logger)
    {
        StoredObject? stored;
        try
        {
            stored = await open();
        }
        catch (ObjectStoreUnavailableException ex)
        {
            // The details (paths, endpoint answers) go to the log, not to the caller.
            logger.LogWarning(ex, "Download of {Key} failed: storage unavailable", key);
            context.Response.Headers.RetryAfter = "30";
            return ApiProblems.Status(context, StatusCodes.Status503ServiceUnavailable, "Storage unavailable",
                "The file storage could not be reached; try again later.");
        }

        if (stored is null)
        {
            return ApiProblems.Status(context, StatusCodes.Status404NotFound, "Not found", "No object is stored under this key.");
        }

        context.Response.RegisterForDisposeAsync(stored);
        context.Response.ContentLength = stored.Length;
        context.Response.Headers.XContentTypeOptions = "nosniff";
        context.Response.Headers.CacheControl = "private, no-store";
        return TypedResults.Stream(stored.Content, ContentTypes.ToServe(stored.ContentType), ObjectKeys.FileName(key));
    }
}

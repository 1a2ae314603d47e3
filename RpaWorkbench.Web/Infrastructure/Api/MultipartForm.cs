using Microsoft.Net.Http.Headers;

namespace RpaWorkbench.Web.Infrastructure.Api;

/// <summary>
/// Reads a multipart/form-data upload, or the problem to answer instead: 415 for another content type, 413 over the
/// route's body limit, 400 for broken framing or a body that ends early. Nothing has been stored in any of these.
/// </summary>
public static class MultipartForm
{
    public static async Task<(IFormCollection? Form, IResult? Problem)> ReadAsync(HttpContext context, string fields, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var media)
            || !media.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return (null, ApiProblems.Status(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                $"Send multipart/form-data with the fields {fields}."));
        }

        try
        {
            return (await request.ReadFormAsync(cancellationToken), null);
        }
        catch (BadHttpRequestException ex)
        {
            // Kestrel's body limit (413), or a client that went away mid-body.
            return (null, ApiProblems.Status(context, ex.StatusCode, ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Body too large" : "The body could not be read",
                ex.StatusCode == StatusCodes.Status413PayloadTooLarge ? "The upload is larger than the size limit allows; nothing was stored." : ex.Message));
        }
        // InvalidDataException: broken framing; IOException: the body ends before its closing boundary.
        catch (Exception ex) when (ex is InvalidDataException or IOException)
        {
            return (null, ApiProblems.Validation(context, new Dictionary<string, string[]> { ["body"] = [ex.Message] }, "The multipart body is malformed; nothing was stored."));
        }
    }
}

using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
namespace RpaWorkbench.Web.Infrastructure.Diagnostics;

/// <summary>Reads an API's JSON body: JSON content type (415), at most the API's limit (413), strict JSON (400, see <see cref="StrictJson"/>).</summary>
public static class JsonBody
{
    /// <summary>
    /// The parsed body, or the problem to answer with; <paramref name="maxBytes"/> is the API's body limit.
    /// <paramref name="checkRaw"/> sees the raw bytes before parsing (a signature over them) and may refuse them.
    /// </summary>
    public static async Task<(JsonDocument? Body, IResult? Problem)> ReadAsync(
        HttpRequest request, int maxBytes, CancellationToken cancellationToken, Func<ReadOnlyMemory<byte>, IResult?>? checkRaw = null)
    {
        if (!IsJson(request.ContentType))
        {
            return (null, ApiProblems.Status(request.HttpContext, StatusCodes.Status415UnsupportedMediaType, "Unsupported content type",
                "Send the body as JSON with 'Content-Type: application/json'."));
        }

        if (request.ContentLength > maxBytes)
        {
            return (null, TooLarge(request.HttpContext, maxBytes));
        }

        ReadOnlyMemory<byte>? bytes;
        try
        {
            bytes = await ReadLimitedAsync(request.BodyReader, maxBytes, cancellationToken);
        }
        catch (BadHttpRequestException ex)
        {
            // The client went away mid-body or broke the framing: nothing to store, and no server error to log.
            return (null, ApiProblems.Status(request.HttpContext, ex.StatusCode, "The body could not be read", ex.Message));
        }

        if (bytes is null)
        {
            return (null, TooLarge(request.HttpContext, maxBytes));
        }

        if (checkRaw?.Invoke(bytes.Value) is { } refused)
        {
            return (null, refused);
        }

        var (document, refusal) = StrictJson.Parse(bytes.Value);
        return refusal is null
            ? (document, null)
            : (null, ApiProblems.Validation(request.HttpContext, new Dictionary<string, string[]> { [refusal.Field] = [refusal.Message] },
                refusal.Field == StrictJson.BodyField ? "The body is not valid JSON; nothing was done." : "One or more fields are invalid; nothing was done."));
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.EndsWith("+json", StringComparison.OrdinalIgnoreCase) == true);

    // Null when the body is larger than the limit (a chunked body has no Content-Length to check up front).
    private static async Task<ReadOnlyMemory<byte>?> ReadLimitedAsync(PipeReader reader, int maxBytes, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (result.Buffer.Length > maxBytes)
            {
                reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
                return null;
            }

            if (result.IsCompleted)
            {
                var bytes = result.Buffer.ToArray();
                reader.AdvanceTo(result.Buffer.End);
                return bytes;
            }

            reader.AdvanceTo(result.Buffer.Start, result.Buffer.End);
        }
    }

    private static Microsoft.AspNetCore.Http.HttpResults.JsonHttpResult<Microsoft.AspNetCore.Mvc.ProblemDetails> TooLarge(HttpContext context, int maxBytes) =>
        ApiProblems.Status(context, StatusCodes.Status413PayloadTooLarge, "Body too large", $"The body may be at most {maxBytes} bytes; nothing was done.");
}

using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;

namespace RpaWorkbench.Web.Infrastructure.Api;

/// <summary>
/// A REST route's JSON body as <typeparamref name="T"/>: JSON content type (415), at most <see cref="RestApi.MaxBodyBytes"/>
/// (413), strict JSON (400), an object whose fields have the right JSON types (400 naming the field). Unknown fields
/// are ignored, as the old API did. Whether the values are acceptable is the Core's to say (422).
/// </summary>
public static class RestBody
{
    public static async Task<(T? Body, IResult? Problem)> ReadAsync<T>(HttpContext context) where T : class
    {
        var (document, problem) = await JsonBody.ReadAsync(context.Request, RestApi.MaxBodyBytes, context.RequestAborted);
        if (problem is not null)
        {
            return (null, problem);
        }

        using (document)
        {
            if (document!.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Refused(context, StrictJson.BodyField, "The body must be a JSON object."));
            }

            var options = context.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
            try
            {
                return (document.RootElement.Deserialize<T>(options), null);
            }
            catch (JsonException ex)
            {
                return (null, Refused(context, Field(ex.Path), $"'{Field(ex.Path)}' has the wrong type for this field."));
            }
        }
    }

    /// <summary>Reads the body as <see cref="ReadAsync{T}"/> does, then writes with it; a body that cannot be read is answered as its problem.</summary>
    public static async Task<IResult> ThenAsync<T>(HttpContext context, Func<T, Task<IResult>> write) where T : class
    {
        var (body, problem) = await ReadAsync<T>(context);
        return body is null ? problem! : await write(body);
    }

    // "$.config.retries" -> "config.retries"; "$" (the whole body) -> "body".
    private static string Field(string? path) =>
        path is null or "$" ? StrictJson.BodyField : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static JsonHttpResult<HttpValidationProblemDetails> Refused(HttpContext context, string field, string message) =>
        ApiProblems.Validation(context, new Dictionary<string, string[]> { [field] = [message] }, "The body could not be read; nothing was changed.");
}

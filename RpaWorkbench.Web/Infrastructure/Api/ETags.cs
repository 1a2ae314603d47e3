using Microsoft.Net.Http.Headers;

namespace RpaWorkbench.Web.Infrastructure.Api;

/// <summary>
/// A resource's version as an <c>ETag</c>, and the version a write was based on from <c>If-Match</c>. A write without
/// <c>If-Match</c> applies to whatever is stored (as the old API did); one whose tag is no longer current is refused with
/// 412 by the Core's own "someone else changed this" check, the same the pages use.
/// </summary>
public static class ETags
{
    public static string Of(string version) => new EntityTagHeaderValue($"\"{version}\"").ToString();

    /// <summary>Sets the response's <c>ETag</c> to the version and passes the value on.</summary>
    public static T Tagged<T>(HttpContext context, T value, string version)
    {
        context.Response.Headers.ETag = Of(version);
        return value;
    }

    /// <summary>
    /// The version named by <c>If-Match</c>: null when absent or <c>*</c> (any stored version), else the first tag's
    /// value. A header that is no entity tag at all is a refused value (422 naming <c>If-Match</c>), as bad query values are.
    /// </summary>
    public static string? IfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0)
        {
            return null;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags) || tags.Count == 0)
        {
            throw new ValidationFailedException([new FieldError(HeaderNames.IfMatch, ErrorCodes.InvalidValue,
                "'If-Match' must be an entity tag from an earlier answer's ETag, e.g. \"3\".")]);
        }

        return tags.Any(t => t.Equals(EntityTagHeaderValue.Any)) ? null : tags[0].Tag.Value!.Trim('"');
    }

    /// <summary>
    /// <see cref="IfMatch"/> for a resource whose versions are numbers: a tag that is none names no version it ever had,
    /// so the write is stale (412).
    /// </summary>
    public static int? IfMatchVersion(HttpRequest request) => IfMatch(request) switch
    {
        null => null,
        var tag when int.TryParse(tag, NumberStyles.None, CultureInfo.InvariantCulture, out var version) => version,
        _ => throw new RuleViolationException(ErrorCodes.ConcurrencyConflict, "If-Match names no version this resource ever had; read it again."),
    };
}

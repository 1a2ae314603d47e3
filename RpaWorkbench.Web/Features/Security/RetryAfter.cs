using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>The <c>Retry-After</c> of a refused request: by the rate limiter, or by the sign-in throttle.</summary>
public static class RetryAfter
{
    /// <summary>Sets the header from the refused lease (whole seconds, at least one) and returns its value.</summary>
    public static int Set(OnRejectedContext context) =>
        Set(context.HttpContext.Response, context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.Zero);

    /// <summary>Sets the header to <paramref name="wait"/> rounded up to whole seconds, at least one, and returns that.</summary>
    public static int Set(HttpResponse response, TimeSpan wait)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }

    /// <summary>
    /// Answers a request the rate limiter refused: <c>Retry-After</c> and 429 problem details whose detail is
    /// <paramref name="refused"/> followed by when to retry.
    /// </summary>
    public static async ValueTask RefuseAsync(OnRejectedContext context, string refused)
    {
        var seconds = Set(context);
        await ApiProblems.Status(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many calls, retry later",
                $"{refused} Retry after {seconds} s.")
            .ExecuteAsync(context.HttpContext);
    }
}

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
}

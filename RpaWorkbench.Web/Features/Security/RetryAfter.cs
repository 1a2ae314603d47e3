using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>The <c>Retry-After</c> of a request the rate limiter refused.</summary>
public static class RetryAfter
{
    /// <summary>Sets the header from the refused lease (whole seconds, at least one) and returns its value.</summary>
    public static int Set(OnRejectedContext context)
    {
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter)
            ? Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds))
            : 1;
        context.HttpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return seconds;
    }
}

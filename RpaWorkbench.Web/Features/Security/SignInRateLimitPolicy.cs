using System.Text.Encodings.Web;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Localization;
using RpaWorkbench.Web.Resources;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// Limits how often one client address may post the sign-in, set-up and change-password forms
/// (<c>Workbench:SignIn</c>). Only posts count: a failed attempt re-renders the form in the same response. A refused
/// post gets 429 with <c>Retry-After</c> and a short page in the operator's language that leads back to the form;
/// it is answered before the form is read, so a flood costs no password hashing.
/// </summary>
public sealed class SignInRateLimitPolicy(IOptions<SignInOptions> options) : IRateLimiterPolicy<string>
{
    public const string Name = "sign-in";

    public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => WriteRefusalAsync;

    public RateLimitPartition<string> GetPartition(HttpContext httpContext)
    {
        if (!HttpMethods.IsPost(httpContext.Request.Method))
        {
            return RateLimitPartition.GetNoLimiter("page");
        }

        var limits = options.Value;
        return RateLimitPartition.GetFixedWindowLimiter(
            httpContext.Connection.RemoteIpAddress?.ToString() ?? "unknown",
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.MaxAttempts, Window = limits.AttemptWindow, QueueLimit = 0 });
    }

    private static async ValueTask WriteRefusalAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var response = context.HttpContext.Response;
        response.StatusCode = StatusCodes.Status429TooManyRequests;
        RetryAfter.Set(context);

        var l = context.HttpContext.RequestServices.GetRequiredService<IStringLocalizer<UiText>>();
        var html = HtmlEncoder.Default;
        response.ContentType = "text/html; charset=utf-8";
        await response.WriteAsync(
            $"""
             <!DOCTYPE html>
             <html lang="{CultureInfo.CurrentUICulture.Name}">
             <head><meta charset="utf-8" /><title>{html.Encode(l["SignIn.ThrottledTitle"])}</title><link rel="stylesheet" href="/app.css" /></head>
             <body><main class="workbench-plain-page">
             <h1>{html.Encode(l["SignIn.ThrottledTitle"])}</h1>
             <p role="alert">{html.Encode(l["SignIn.Throttled"])}</p>
             <p><a href="{SecuritySetup.SignInPath}">{html.Encode(l["SignIn.Back"])}</a></p>
             </main></body>
             </html>
             """, cancellationToken);
    }
}

using Microsoft.AspNetCore.Antiforgery;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>The antiforgery check of endpoints that read a posted form themselves (sign-out).</summary>
public static class FormAntiforgery
{
    /// <summary>
    /// Whether the request carries a valid antiforgery token. A body the form reader refuses (too many fields, a field
    /// too long, multipart without a boundary) has no readable token either: false, so the caller answers 400, not 500.
    /// </summary>
    public static async Task<bool> HasValidTokenAsync(this IAntiforgery antiforgery, HttpContext context)
    {
        try
        {
            return await antiforgery.IsRequestValidAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return false;
        }
    }
}

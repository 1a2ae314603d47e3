using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace RpaWorkbench.Web.Infrastructure.Localization;

/// <summary>zh-CN and en; the choice is a cookie, the first visit follows the browser's language.</summary>
public static class LocalizationSetup
{
    public static readonly CultureInfo[] SupportedCultures = [new("zh-CN"), new("en")];

    public static IServiceCollection AddWorkbenchLocalization(this IServiceCollection services)
    {
        services.AddLocalization();
        services.AddWorkbenchMudLocalizer();
        services.Configure<RequestLocalizationOptions>(o =>
        {
            o.DefaultRequestCulture = new RequestCulture("zh-CN");
            o.SupportedCultures = SupportedCultures;
            o.SupportedUICultures = SupportedCultures;
            o.FallBackToParentCultures = true;
            o.FallBackToParentUICultures = true;
            // Order: the operator's explicit choice (cookie), then the browser's Accept-Language.
            o.RequestCultureProviders = [new CookieRequestCultureProvider(), new AcceptLanguageHeaderRequestCultureProvider()];
        });
        return services;
    }

    /// <summary>MudBlazor's own strings (pager, pickers, dialogs) from <see cref="WorkbenchMudLocalizer"/>, in the page's culture.</summary>
    public static IServiceCollection AddWorkbenchMudLocalizer(this IServiceCollection services)
    {
        services.Replace(ServiceDescriptor.Transient<MudLocalizer, WorkbenchMudLocalizer>());
        return services;
    }

    /// <summary><c>GET /culture/set?culture=en&amp;redirectUri=/accounts</c>: remember the choice and go back.</summary>
    public static IEndpointConventionBuilder MapCultureEndpoint(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapGet("/culture/set", (string? culture, string? redirectUri, HttpContext context) =>
        {
            var chosen = SupportedCultures.FirstOrDefault(c => string.Equals(c.Name, culture, StringComparison.OrdinalIgnoreCase));
            if (chosen is null)
            {
                return Results.Problem(
                    statusCode: StatusCodes.Status400BadRequest,
                    title: "Unsupported culture",
                    detail: $"culture must be one of: {string.Join(", ", SupportedCultures.Select(c => c.Name))}.");
            }

            context.Response.Cookies.Append(
                CookieRequestCultureProvider.DefaultCookieName,
                CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(chosen)),
                new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, SameSite = SameSiteMode.Lax, HttpOnly = true });
            return Results.LocalRedirect(LocalUrl.OrHome(redirectUri));
        });
}

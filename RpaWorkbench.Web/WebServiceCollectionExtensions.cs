using System.Text.Encodings.Web;
using System.Text.Unicode;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using MudBlazor.Services;
using RpaWorkbench.Web.Components;
using RpaWorkbench.Web.Features.Alerts;
using RpaWorkbench.Web.Features.Accounts;
using RpaWorkbench.Web.Features.Events;
using RpaWorkbench.Web.Features.ApiDocs;
using RpaWorkbench.Web.Features.ApiKeys;
using RpaWorkbench.Web.Features.Dashboard;
using RpaWorkbench.Web.Features.Executions;
using RpaWorkbench.Web.Features.Batches;
using RpaWorkbench.Web.Features.Workflows;
using RpaWorkbench.Web.Features.Groups;
using RpaWorkbench.Web.Features.Queue;
using RpaWorkbench.Web.Features.Mcp;
using RpaWorkbench.Web.Features.ResourceProxy;
using RpaWorkbench.Web.Features.Settings;
using RpaWorkbench.Web.Features.Storage;
using RpaWorkbench.Web.Features.Tasks;
using RpaWorkbench.Web.Features.Users;
using RpaWorkbench.Web.Features.Webhooks;
using RpaWorkbench.Web.Features.WorkflowRuns;
using RpaWorkbench.Web.Infrastructure.Api;
using RpaWorkbench.Web.Infrastructure.Health;
using RpaWorkbench.Web.Infrastructure.Localization;
using RpaWorkbench.Web.Infrastructure.Telemetry;

namespace RpaWorkbench.Web;

public static class WebServiceCollectionExtensions
{
    /// <summary>
    /// The largest request body Kestrel accepts anywhere: room for a task's config file upload. Every API sets its own,
    /// smaller limit (webhooks: 1 MiB).
    /// </summary>
    public const long MaxRequestBodyBytes = 32 * 1024 * 1024;

    /// <summary>Registers the Blazor UI, controllers, sign-in and roles, localisation, problem details and health checks.</summary>
    public static IHostApplicationBuilder AddWorkbenchWeb(this IHostApplicationBuilder builder)
    {
        builder.AddWorkbenchConsoleLogs();

        var services = builder.Services;
        services.Configure<KestrelServerOptions>(o => o.Limits.MaxRequestBodySize = MaxRequestBodyBytes);
        services.AddRazorComponents().AddInteractiveServerComponents();
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.VisibleStateDuration = 6000;
        });
        // Chinese text is sent as characters, not as &#x...; escapes (a third of the size, readable in page source).
        services.AddWebEncoders(o => o.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));
        services.AddControllers();
        services.AddWorkbenchSecurity();
        services.AddScoped<SettingsCatalog>();
        services.AddHostSettings();
        services.AddWorkbenchTransportSecurity();
        builder.AddWorkbenchDataProtection();
        services.AddWorkbenchWebhooks();
        RestRateLimitPolicy.AddRestRateLimit(services);
        services.AddEventStream();
        services.AddWorkbenchApiDocs();
        services.AddWorkbenchMcp();
        services.AddProblemDetails(o => o.CustomizeProblemDetails = RequestIdMiddleware.AddToProblem);
        builder.AddWorkbenchHealthChecks();
        services.AddWorkbenchLocalization();
        builder.AddWorkbenchTelemetry();
        return builder;
    }

    /// <summary>The request pipeline: proxy headers, cookie and redirect rules, request ids, security headers, HTTPS, error handling, localisation, sign-in, rate limits, endpoints.</summary>
    public static WebApplication UseWorkbench(this WebApplication app)
    {
        app.UseWorkbenchForwardedHeaders();
        app.UseWorkbenchCookiePolicy();
        app.UseMiddleware<RelativeRedirects>();
        app.UseMiddleware<RequestIdMiddleware>();
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseWorkbenchHttps();
        // An empty 404 (an unknown address) re-runs as the not-found page. Here, not in the pages branch below: a branch
        // loses the app's routing, so a request re-run there matched no endpoint and the browser showed its own English
        // error page. API answers are never empty by the time they come back here (their branch writes problem details).
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        // A page's failure re-runs as the error page. Here too, not in the pages branch: the re-run must be routed again,
        // which only the app's own pipeline does (from a branch it matched nothing, and the client got an empty 500).
        // APIs answer their own failures with problem details, in their branch, before this is reached.
        app.UseExceptionHandler("/Error", createScopeForErrors: true);
        app.UseWhen(IsApi, api => api.UseExceptionHandler().UseStatusCodePages().UseMiddleware<MethodNotAllowed>());
        // Pages only: robots' callbacks (thousands a second) skip what only a person's browser needs.
        app.UseWhen(context => !IsApi(context), pages => pages.UseRequestLocalization());
        app.UseAuthentication();
        app.UseAuthorization();
        // After authorization: a webhook's API key has been checked and its id is known (the per-key limit). Before
        // antiforgery and the endpoint: a refused sign-in post costs no form reading and no password hashing.
        app.UseRateLimiter();
        app.UseAntiforgery();

        // Everything else requires a signed-in user (fallback policy); these are open to anyone.
        app.MapStaticAssets().AllowAnonymous();
        app.MapWorkbenchHealthChecks();
        app.MapWorkbenchMetrics();
        app.MapCultureEndpoint().AllowAnonymous();
        app.MapControllers();
        app.MapWebhooks();
        app.MapObjectDownloads();
        app.MapConfigFileLinks();
        app.MapConfigUpload();
        app.MapConfigGet();
        app.MapResourceProxy();
        app.MapIntranetProxyRoute();
        app.MapLogExport();
        app.MapEventStream();
        app.MapUsersApi();
        app.MapAccountsApi();
        app.MapGroupsApi();
        app.MapAlertChannelsApi();
        app.MapAlertRulesApi();
        app.MapBatchesApi();
        app.MapWorkflowsApi();
        app.MapWorkflowRunsApi();
        app.MapQueueApi();
        app.MapAlertsApi();
        app.MapTasksApi();
        app.MapLogsApi();
        app.MapDashboardApi();
        app.MapApiKeysApi();
        app.MapWorkbenchApiDocs();
        app.MapWorkbenchMcp();
        app.MapSignOut();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }

    // The MCP endpoint answers like an API: problem details, never a page.
    private static bool IsApi(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/api") || context.Request.Path.StartsWithSegments(McpSetup.Path);
}

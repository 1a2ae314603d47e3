using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>One API route with one of its methods, as found in the app's routing table.</summary>
public sealed record ApiEndpoint(string Method, string Path, RouteEndpoint Endpoint);

/// <summary>Every <c>/api</c> endpoint of a running app, from its routing table, so an API added later is covered by tests that iterate them.</summary>
public static class ApiEndpoints
{
    public static IReadOnlyList<ApiEndpoint> Of(IServiceProvider services) =>
        services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => (e.RoutePattern.RawText ?? "").TrimStart('/').StartsWith("api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => new ApiEndpoint(method, "/" + e.RoutePattern.RawText!.TrimStart('/'), e)))
            .ToList();

    /// <summary>The route's name (its OpenAPI operation id), or its method and path when it has none.</summary>
    public static string NameOf(ApiEndpoint route) =>
        route.Endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName
        ?? route.Endpoint.Metadata.GetMetadata<RouteNameMetadata>()?.RouteName ?? $"{route.Method} {route.Path}";
}

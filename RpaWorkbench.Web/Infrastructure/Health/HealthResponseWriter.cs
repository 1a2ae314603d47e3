using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace RpaWorkbench.Web.Infrastructure.Health;

/// <summary>
/// <c>{"status":"Healthy","checks":{"database":{"status":"Healthy","description":null}}}</c>: the status of each check
/// and its own short description; a check that threw shows the exception's type only, since a driver's message can quote a
/// host or a user name.
/// </summary>
internal static class HealthResponseWriter
{
    public static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json; charset=utf-8";
        context.Response.Headers.CacheControl = "no-store";
        var body = new HealthBody(
            report.Status.ToString(),
            report.Entries.ToDictionary(e => e.Key, e => new CheckBody(e.Value.Status.ToString(), e.Value.Exception?.GetType().Name ?? e.Value.Description)));
        return JsonSerializer.SerializeAsync(context.Response.Body, body, HealthJson.Default.HealthBody, context.RequestAborted);
    }
}

internal sealed record HealthBody(string Status, IReadOnlyDictionary<string, CheckBody> Checks);

internal sealed record CheckBody(string Status, string? Description);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthBody))]
internal sealed partial class HealthJson : JsonSerializerContext;

using System.Diagnostics;
using Microsoft.Extensions.Logging.Console;

namespace RpaWorkbench.Web.Infrastructure.Diagnostics;

/// <summary>
/// Console logs: readable lines by default, one JSON object a line with <c>Logging:Console:FormatterName=json</c>. Either
/// way every line of a request carries its trace and span ids and the <c>X-Request-ID</c> (scopes).
/// </summary>
internal static class ConsoleLogs
{
    public static void AddWorkbenchConsoleLogs(this IHostApplicationBuilder builder)
    {
        // Options of each formatter, not AddSimpleConsole: that would also pin the formatter to "simple", and the
        // configured Logging:Console:FormatterName would be ignored.
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.TimestampFormat = "yyyy-MM-dd HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        builder.Services.Configure<JsonConsoleFormatterOptions>(o =>
        {
            o.IncludeScopes = true;
            o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            o.UseUtcTimestamp = true;
        });
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
    }
}

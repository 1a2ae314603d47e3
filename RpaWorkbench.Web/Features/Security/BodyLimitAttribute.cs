using Microsoft.AspNetCore.Http.Metadata;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// The largest request body an endpoint accepts, as endpoint metadata: endpoint routing applies it before the body is
/// read, and Kestrel refuses more. Unlike MVC's <c>[RequestSizeLimit]</c> it adds no MVC filter, so a controller on
/// the webhook hot path keeps MVC's filterless fast path.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, Inherited = false)]
public sealed class BodyLimitAttribute(long bytes) : Attribute, IRequestSizeLimitMetadata
{
    public long? MaxRequestBodySize { get; } = bytes;
}

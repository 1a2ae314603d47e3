using Microsoft.Net.Http.Headers;
using RpaWorkbench.Core.Storage.Proxy;

namespace RpaWorkbench.Web.Features.ResourceProxy;

/// <summary>
/// Streams a proxied resource with headers that keep the browser from running it: the safe content type and nosniff
/// (the sandboxing policy is endpoint metadata, see <see cref="ResourceProxyEndpoints"/>); an attachment with a safe file name for downloads. When the body breaks its limits while it is
/// streamed (too large, too slow, cut off), the caller gets a 502/504 problem if nothing was sent yet, otherwise an
/// aborted response, never a silently shortened file.
/// </summary>
public sealed class ProxiedResourceResult(ProxiedResource resource, bool download) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        httpContext.Response.RegisterForDisposeAsync(resource);
        var response = httpContext.Response;
        response.ContentType = resource.ContentType;
        response.ContentLength = resource.Length;
        response.Headers.XContentTypeOptions = "nosniff";
        response.Headers.CacheControl = "private, no-store";
        response.Headers["Cross-Origin-Resource-Policy"] = "same-origin";
        if (download)
        {
            var disposition = new ContentDispositionHeaderValue("attachment");
            disposition.SetHttpFileName(resource.FileName);
            response.Headers.ContentDisposition = disposition.ToString();
        }

        try
        {
            await resource.Content.CopyToAsync(response.Body, httpContext.RequestAborted);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or HttpRequestException && !httpContext.RequestAborted.IsCancellationRequested)
        {
            await FailAsync(httpContext, ex);
        }
    }

    private async Task FailAsync(HttpContext context, Exception failure)
    {
        var settings = context.RequestServices.GetRequiredService<IOptions<ResourceProxyOptions>>().Value;
        var fetch = failure switch
        {
            ResourceTooLargeException => ResourceFetcher.TooLarge(settings),
            TimeoutException => ResourceFetcher.TimedOut(settings),
            _ => new ResourceFetch(ResourceFetchOutcome.UpstreamFailed, "The storage broke off while sending the resource."),
        };
        context.RequestServices.GetRequiredService<ILogger<ProxiedResourceResult>>()
            .LogWarning("Resource proxy stopped streaming {Resource}: {Reason}", resource.Source, failure.Message);
        if (context.Response.HasStarted)
        {
            context.Abort();
            return;
        }

        context.Response.Clear();
        await ResourceProxyEndpoints.Problem(context, fetch).ExecuteAsync(context);
    }
}

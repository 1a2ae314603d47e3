using System.Net;

namespace RpaWorkbench.Core.Storage.Proxy;

/// <summary>
/// Fetches a robot's screenshot or log URL for a signed-in user: checks the URL (<see cref="ResourceUrlPolicy"/>),
/// sends a bare GET (no cookies, no credentials, no proxy) through the guarded client, follows up to
/// <see cref="ResourceProxyOptions.ProxyMaxRedirects"/> redirects itself, checking each target like the first URL, and
/// hands back a capped stream. Logs name the host and path only: signed URLs carry their signature in the query. A link
/// to a run file in the Workbench's own store (<see cref="StoredObjectLinks"/>) is read from the store instead.
/// </summary>
public sealed class ResourceFetcher(
    HttpClient http,
    ResourceUrlPolicy urls,
    IObjectStore store,
    IOptions<ResourceProxyOptions> options,
    ICurrentUser user,
    TimeProvider clock,
    ILogger<ResourceFetcher> logger)
{
    public const string ClientUserAgent = "RpaWorkbench-ResourceProxy";

    /// <summary>The resource at <paramref name="url"/>, or why the proxy will not or could not fetch it.</summary>
    public async Task<ResourceFetch> FetchAsync(string? url, CancellationToken cancellationToken)
    {
        user.RequireRead();
        var check = urls.Check(url);
        if (!check.IsAllowed)
        {
            logger.LogInformation("Resource proxy refused a URL for {User}: {Reason}", user.Name, check.Message);
            return ResourceFetch.Refused(check);
        }

        if (check.StoredKey is { } key)
        {
            return await OpenStoredAsync(key, cancellationToken);
        }

        var settings = options.Value;
        var deadline = new CancellationTokenSource(settings.ProxyTimeout, clock);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        HttpResponseMessage? response = null;
        ResourceFetch? fetch = null;
        try
        {
            (response, var final, var failure) = await FollowAsync(check.Url!, settings, deadline.Token, linked.Token);
            fetch = failure ?? await AnswerAsync(response!, final, check.Url!, settings, deadline, linked);
            return fetch;
        }
        finally
        {
            // Handed over with the resource, otherwise released here (also when the caller went away).
            if (fetch?.Resource is null)
            {
                response?.Dispose();
                linked.Dispose();
                deadline.Dispose();
            }
        }
    }

    // The first answer that is not a redirect, with the URL that gave it; or why there is none.
    private async Task<(HttpResponseMessage? Response, Uri Url, ResourceFetch? Failure)> FollowAsync(
        Uri first, ResourceProxyOptions settings, CancellationToken deadline, CancellationToken token)
    {
        var current = first;
        for (var redirects = 0; ; redirects++)
        {
            var (response, failure) = await SendAsync(current, settings, deadline, token);
            if (response is null || !IsRedirect(response.StatusCode))
            {
                return (response, current, failure);
            }

            var location = response.Headers.Location;
            response.Dispose();
            if (location is null || redirects >= settings.ProxyMaxRedirects)
            {
                logger.LogWarning("Resource proxy stopped at a redirect from {Resource} ({Redirects} followed)", Describe(current), redirects);
                return (null, current, new ResourceFetch(ResourceFetchOutcome.UpstreamFailed,
                    $"The storage redirected more often than the {settings.ProxyMaxRedirects} redirects the proxy follows."));
            }

            var next = urls.Check(new Uri(current, location).AbsoluteUri);
            if (next.Url is null)
            {
                // A storage host has no business pointing into the Workbench's own store: refused like any target not allowed.
                var reason = next.StoredKey is null ? next.Message : "It is a file in the Workbench's own store, which only the Workbench links to.";
                logger.LogWarning("Resource proxy refused a redirect from {Resource}: {Reason}", Describe(current), reason);
                return (null, current, new ResourceFetch(ResourceFetchOutcome.NotAllowed,
                    $"The storage redirected to a URL the proxy may not fetch. {reason}"));
            }

            current = next.Url!;
        }
    }

    private async Task<(HttpResponseMessage? Response, ResourceFetch? Failure)> SendAsync(
        Uri url, ResourceProxyOptions settings, CancellationToken deadline, CancellationToken token)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.UserAgent.ParseAdd(ClientUserAgent);
            return (await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token), null);
        }
        catch (HttpRequestException ex) when (ex.InnerException is AddressRefusedException)
        {
            return (null, new ResourceFetch(ResourceFetchOutcome.NotAllowed,
                $"The host {url.IdnHost} resolves to an address the proxy may not connect to (private, loopback, link-local or reserved)."));
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning("Resource proxy could not reach {Resource}: {Reason}", Describe(url), ex.Message);
            return (null, new ResourceFetch(ResourceFetchOutcome.UpstreamFailed, $"The storage at {url.IdnHost} could not be reached."));
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            logger.LogWarning("Resource proxy gave up on {Resource} after {Timeout}", Describe(url), settings.ProxyTimeout);
            return (null, TimedOut(settings));
        }
    }

    private async Task<ResourceFetch> AnswerAsync(
        HttpResponseMessage response, Uri url, Uri requested, ResourceProxyOptions settings, CancellationTokenSource deadline, CancellationTokenSource linked)
    {
        var status = (int)response.StatusCode;
        if (response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.Gone)
        {
            logger.LogInformation("Resource proxy: {Resource} answered {Status}", Describe(url), status);
            return new ResourceFetch(ResourceFetchOutcome.NotFound, $"The storage has nothing at this URL ({status}).");
        }

        if (!response.IsSuccessStatusCode)
        {
            logger.LogWarning("Resource proxy: {Resource} answered {Status}", Describe(url), status);
            var hint = response.StatusCode == HttpStatusCode.Forbidden ? " A signed link may have expired." : "";
            return new ResourceFetch(ResourceFetchOutcome.UpstreamFailed, $"The storage answered {status}.{hint}");
        }

        var length = response.Content.Headers.ContentLength;
        if (length > settings.ProxyMaxBytes)
        {
            logger.LogWarning("Resource proxy refused {Resource}: {Length} bytes, over {MaxBytes}", Describe(url), length, settings.ProxyMaxBytes);
            return TooLarge(settings);
        }

        Stream body;
        try
        {
            body = await response.Content.ReadAsStreamAsync(linked.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return TimedOut(settings);
        }

        var content = new CappedStream(body, settings.ProxyMaxBytes, deadline.Token);
        var contentType = ContentTypes.ToServe(response.Content.Headers.ContentType?.ToString());
        return new ResourceFetch(ResourceFetchOutcome.Fetched, "",
            new ProxiedResource(content, contentType, length, ResourceFileName.FromUrl(requested), Describe(url), response, linked, deadline));
    }

    private async Task<ResourceFetch> OpenStoredAsync(string key, CancellationToken cancellationToken)
    {
        StoredObject? stored;
        try
        {
            stored = await store.GetAsync(key, cancellationToken);
        }
        catch (ObjectStoreUnavailableException ex)
        {
            logger.LogWarning(ex, "Resource proxy could not read {Key} from the storage", key);
            return new ResourceFetch(ResourceFetchOutcome.UpstreamFailed, "The file storage could not be reached.");
        }

        if (stored is null)
        {
            return new ResourceFetch(ResourceFetchOutcome.NotFound, "No object is stored under this key.");
        }

        if (stored.Length > options.Value.ProxyMaxBytes)
        {
            await stored.DisposeAsync();
            return TooLarge(options.Value);
        }

        return new ResourceFetch(ResourceFetchOutcome.Fetched, "", new ProxiedResource(stored.Content, ContentTypes.ToServe(stored.ContentType),
            stored.Length, ObjectKeys.FileName(key), StoredObjectLinks.PathFor(key), stored));
    }

    /// <summary>The answer when a body turns out larger than the limit.</summary>
    public static ResourceFetch TooLarge(ResourceProxyOptions settings) => new(ResourceFetchOutcome.TooLarge,
        $"The resource is larger than the proxy's limit of {settings.ProxyMaxBytes} bytes (Workbench:Storage:ProxyMaxBytes).");

    /// <summary>The answer when the storage is too slow.</summary>
    public static ResourceFetch TimedOut(ResourceProxyOptions settings) => new(ResourceFetchOutcome.TimedOut,
        $"The storage did not answer within {settings.ProxyTimeout.TotalSeconds:0.###} s (Workbench:Storage:ProxyTimeout).");

    private static bool IsRedirect(HttpStatusCode status) => status is HttpStatusCode.MovedPermanently or HttpStatusCode.Found
        or HttpStatusCode.SeeOther or HttpStatusCode.TemporaryRedirect or HttpStatusCode.PermanentRedirect;

    // Scheme, host, port and path: never the query (OSS signatures) nor user info (Authority leaves it out).
    private static string Describe(Uri url) => $"{url.Scheme}://{url.Authority}{url.AbsolutePath}";
}

using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>Calls to the REST v1 resources with a raw JSON body (or none), an optional <c>If-Match</c>, and their answers as JSON.</summary>
public static class RestCalls
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static Task<HttpResponseMessage> SendAsync(
        HttpClient client, HttpMethod method, string path, string? json = null, string? ifMatch = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, path);
        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, contentType);
        }

        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return client.SendAsync(request, Ct);
    }

    /// <summary>The answer's JSON after checking its status.</summary>
    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(expected == response.StatusCode, $"Expected {(int)expected}, got {(int)response.StatusCode}: {text}");
        return JsonNode.Parse(text)!;
    }

    public static async Task<JsonNode> GetJsonAsync(HttpClient client, string path) =>
        await JsonAsync(await client.GetAsync(path, Ct), HttpStatusCode.OK);

    /// <summary>A problem answer's status and media type, and the fields its <c>errors</c> names.</summary>
    public static async Task<IReadOnlyList<string>> ProblemFieldsAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var problem = await JsonAsync(response, expected);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return problem["errors"]?.AsObject().Select(e => e.Key).ToList() ?? [];
    }

    public static string ETagOf(HttpResponseMessage response) =>
        response.Headers.ETag?.ToString() ?? throw new InvalidOperationException("The answer has no ETag.");
}

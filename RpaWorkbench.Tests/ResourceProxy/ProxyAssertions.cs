using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace RpaWorkbench.Tests.ResourceProxy;

/// <summary>Assertions on the proxy's problem details answers.</summary>
public static class ProxyAssertions
{
    /// <summary>Problem details with this status; returns the body.</summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.Equal((int)status, problem.GetProperty("status").GetInt32());
        return problem;
    }

    /// <summary>Problem details with this status whose <c>errors</c> name <c>url</c>.</summary>
    public static async Task<string> UrlProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var problem = await ProblemAsync(response, status);
        Assert.True(problem.GetProperty("errors").TryGetProperty("url", out var messages), problem.ToString());
        return messages[0].GetString()!;
    }
}

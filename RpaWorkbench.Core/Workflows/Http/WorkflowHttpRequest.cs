using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RpaWorkbench.Core.Workflows.Http;

/// <summary>An HTTP step's request with its templates rendered: what is sent (secrets included) and, masked, what is recorded.</summary>
internal sealed record WorkflowHttpRequest(string Method, string Url, IReadOnlyList<KeyValuePair<string, string>> Headers, string Body)
{
    private const string JsonContentType = "application/json";

    /// <summary>The step's URL, header values and body rendered over <paramref name="model"/>.</summary>
    /// <exception cref="WorkflowTemplateException">A template does not render.</exception>
    public static async Task<WorkflowHttpRequest> RenderAsync(WorkflowHttpStep step, WorkflowTemplateModel model)
    {
        var url = (await WorkflowTemplates.RenderAsync(step.Url, model)).Trim();
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var (name, template) in step.Headers)
        {
            headers.Add(new(name, await WorkflowTemplates.RenderAsync(template, model)));
        }

        return new(step.Method.Trim().ToUpperInvariant(), url, headers, await WorkflowTemplates.RenderAsync(step.Body, model));
    }

    /// <summary>The recorded inputs: <c>{method, url, headers, body}</c> with every secret masked.</summary>
    public string ToInputs(SecretMask mask)
    {
        var headers = new JsonObject();
        foreach (var (name, value) in Headers)
        {
            headers[name] = mask.Apply(value);
        }

        return new JsonObject
        {
            ["method"] = Method,
            ["url"] = mask.Apply(Url),
            ["headers"] = headers,
            ["body"] = Body.Length == 0 ? null : mask.Apply(Body),
        }.ToJsonString();
    }

    /// <summary>
    /// The message to send to <paramref name="url"/> (a body without a Content-Type header goes as JSON), or why a
    /// header cannot be sent as written: a bad name, a line break in a value.
    /// </summary>
    public (HttpRequestMessage? Message, string? Problem) ToMessage(Uri url)
    {
        var message = new HttpRequestMessage(new HttpMethod(Method), url);
        if (Body.Length > 0 || Headers.Any(h => IsContentHeader(h.Key)))
        {
            message.Content = new ByteArrayContent(Encoding.UTF8.GetBytes(Body));
            if (!Headers.Any(h => h.Key.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)))
            {
                message.Content.Headers.ContentType = new MediaTypeHeaderValue(JsonContentType) { CharSet = "utf-8" };
            }
        }

        foreach (var (name, value) in Headers)
        {
            HttpHeaders target = IsContentHeader(name) ? message.Content!.Headers : message.Headers;
            var problem = value.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 ? $"The header {name} has a line break or NUL in its value."
                : !target.TryAddWithoutValidation(name, value) ? $"\"{name}\" is not a header an HTTP step can send."
                : null;
            if (problem is not null)
            {
                message.Dispose();
                return (null, problem);
            }
        }

        return (message, null);
    }

    private static bool IsContentHeader(string name) => name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase);
}

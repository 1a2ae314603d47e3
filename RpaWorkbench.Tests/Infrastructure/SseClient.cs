using System.Text.Json;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>One Server-Sent Events message as a client sees it: a comment, or fields (id, event, data, retry).</summary>
public sealed record SseMessage(string? Id, string? Event, string? Data, string? Comment, string? Retry)
{
    public JsonElement Json => JsonDocument.Parse(Data ?? throw new InvalidOperationException("The message has no data.")).RootElement;
}

/// <summary>
/// A stream client over real HTTP, reading messages as the SSE specification frames them (lines, a blank line ends a
/// message, <c>:</c> starts a comment); written from the specification, not from the server's code.
/// </summary>
public sealed class SseClient : IAsyncDisposable
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(20);

    private readonly HttpClient _http;
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseClient(HttpClient http, HttpResponseMessage response, StreamReader reader)
    {
        _http = http;
        _response = response;
        _reader = reader;
    }

    public HttpResponseMessage Response => _response;

    /// <summary>Opens <paramref name="path"/> with the API key (when given) and a Last-Event-ID (when given); does not check the status.</summary>
    public static async Task<SseClient> OpenAsync(Uri baseUrl, string path, string? apiKey, string? lastEventId = null)
    {
        var http = new HttpClient { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (apiKey is not null)
        {
            request.Headers.Add("X-Api-Key", apiKey);
        }

        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(TestContext.Current.CancellationToken));
        return new SseClient(http, response, reader);
    }

    /// <summary>The rest of the body as text (an answer that is not a stream, such as a problem).</summary>
    public Task<string> ReadToEndAsync() => _reader.ReadToEndAsync(TestContext.Current.CancellationToken);

    /// <summary>The next message; fails when none comes within 20 s.</summary>
    public async Task<SseMessage> NextAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(GiveUpAfter);
        string? id = null, type = null, comment = null, retry = null;
        var data = new List<string>();
        while (true)
        {
            var line = await _reader.ReadLineAsync(timeout.Token)
                       ?? throw new InvalidOperationException("The stream ended.");
            if (line.Length == 0)
            {
                if (id is null && type is null && data.Count == 0 && comment is null && retry is null)
                {
                    continue;
                }

                return new SseMessage(id, type, data.Count == 0 ? null : string.Join('\n', data), comment, retry);
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var (field, value) = colon < 0 ? (line, "") : (line[..colon], line[(colon + 1)..].TrimStart(' '));
            switch (field)
            {
                case "": comment = value; break;
                case "id": id = value; break;
                case "event": type = value; break;
                case "data": data.Add(value); break;
                case "retry": retry = value; break;
            }
        }
    }

    /// <summary>Messages until one matches <paramref name="wanted"/>; returns them all, the match last.</summary>
    public async Task<List<SseMessage>> UntilAsync(Func<SseMessage, bool> wanted)
    {
        var seen = new List<SseMessage>();
        while (true)
        {
            var message = await NextAsync();
            seen.Add(message);
            if (wanted(message))
            {
                return seen;
            }
        }
    }

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        _http.Dispose();
        return ValueTask.CompletedTask;
    }
}

using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Webhooks;

/// <summary>The robot key ShadowBot sends in the callback URL reaches no log line at the shipped log levels.</summary>
public sealed class ShadowBotCallbackLoggingTests
{
    private const string Key = "callback-url-key-secret-0123456789-abcdef";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KeyInTheCallbackUrl_RightOrWrong_NotLoggedAtTheShippedLevels()
    {
        var logs = new CapturingLoggerProvider();
        await using var factory = WorkbenchAppFactory.With(new Dictionary<string, string> { ["Workbench:Bootstrap:WebhookApiKey"] = Key });
        // No filter of its own: the levels of appsettings.json apply, as to the console.
        await using var app = factory.WithWebHostBuilder(b => b.ConfigureLogging(l => l.AddProvider(logs)));
        var client = app.CreateClient();
        var wrongKey = Key.Replace("secret", "guessed", StringComparison.Ordinal);

        var right = await PostAsync(client, Key);
        var wrong = await PostAsync(client, wrongKey);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (right.StatusCode, wrong.StatusCode));
        Assert.NotEmpty(logs.Entries);
        var leaks = logs.Entries.Where(e => e.AllText.Contains(Key, StringComparison.Ordinal) || e.AllText.Contains(wrongKey, StringComparison.Ordinal))
            .Select(e => $"{e.Category}: {e.Message}").ToList();
        Assert.True(leaks.Count == 0, "The key was logged:\n" + string.Join("\n", leaks));
    }

    private static Task<HttpResponseMessage> PostAsync(HttpClient client, string key)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(ShadowBotPayloads.Job(WebhookPayloads.NewAccount(), ShadowBotPayloads.NewUuid())));
        content.Headers.ContentType = new("application/json");
        return client.PostAsync($"{ShadowBotPayloads.Path}?key={key}", content, Ct);
    }
}

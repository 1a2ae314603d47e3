using Microsoft.Playwright;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// Records what a page's browser refused under its Content-Security-Policy (the <c>securitypolicyviolation</c> events and
/// the console messages Chromium writes about that policy or a Permissions-Policy it cannot parse), and the WebSockets
/// the page opened.
/// </summary>
public sealed class PolicyViolations
{
    private const string RecordViolations =
        "document.addEventListener('securitypolicyviolation', e => " +
        "(window.__workbenchViolations ??= []).push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber}`));";

    private readonly IPage _page;
    private readonly List<string> _consoleMessages = [];
    private readonly List<string> _webSockets = [];

    private PolicyViolations(IPage page)
    {
        _page = page;
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal)
                || message.Text.Contains("Permissions-Policy", StringComparison.Ordinal))
            {
                lock (_consoleMessages)
                {
                    _consoleMessages.Add($"{message.Text} ({message.Location})");
                }
            }
        };
        page.WebSocket += (_, socket) =>
        {
            lock (_webSockets)
            {
                _webSockets.Add(socket.Url);
            }
        };
    }

    /// <summary>Starts recording on a page before it loads anything.</summary>
    public static async Task<PolicyViolations> WatchAsync(IPage page)
    {
        await page.AddInitScriptAsync(RecordViolations);
        return new PolicyViolations(page);
    }

    public IReadOnlyList<string> ConsoleMessages
    {
        get
        {
            lock (_consoleMessages)
            {
                return [.. _consoleMessages];
            }
        }
    }

    public IReadOnlyList<string> WebSockets
    {
        get
        {
            lock (_webSockets)
            {
                return [.. _webSockets];
            }
        }
    }

    /// <summary>The violations the current document reported.</summary>
    public async Task<IReadOnlyList<string>> ReportedAsync() =>
        await _page.EvaluateAsync<string[]>("() => window.__workbenchViolations ?? []");
}

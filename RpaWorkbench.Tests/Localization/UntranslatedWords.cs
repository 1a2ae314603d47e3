using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace RpaWorkbench.Tests.Localization;

/// <summary>
/// Finds English left on a Chinese page: Latin words in what an operator sees or hears (visible text, placeholders,
/// tooltips, accessible names) that are not data, a product or format name, or a unit. Data is what the page marks as
/// not to be translated (<c>translate="no"</c>, <c>code</c>, <c>pre</c>), what is typed into fields, and the demo's own
/// names listed here.
/// </summary>
public static partial class UntranslatedWords
{
    /// <summary>Names that stay as they are in a Chinese UI: products, formats, protocols, units, a language's own name.</summary>
    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "RPA", "ShadowBot", "Dify", "API", "OpenAPI", "CSV", "xlsx", "MiB", "KiB", "JSON", "URL", "UTC", "cron", "Webhook", "Redis", "S3", "WAL", "IPv4", "IPv6", "ID",
        "HTTP", "HTTPS", "HSTS", "IP", "CIDR", "IANA", "UUID", "Windows", "SQLite", "PostgreSQL", "Npgsql", "MinIO", "OSS", "Kestrel",
        "s", "ms", "KB", "MB", "GiB",
        "English",
        "Slack", "SMTP", "STARTTLS", "TLS",
        "OpenTelemetry", "OTLP", "Prometheus", "Grpc", "HttpProtobuf", "Bearer",
    };


    /// <summary>Reads every text node and the placeholder, title and aria-label of every element an operator can see.</summary>
    private const string CollectScript = """
        () => {
            const isData = el => el.closest('[translate]')?.getAttribute('translate') === 'no' || el.closest('code, pre, textarea, script, style, noscript');
            const shown = el => el.checkVisibility({ visibilityProperty: true });
            const texts = [];
            const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const el = node.parentElement;
                if (el && !isData(el) && shown(el) && node.textContent.trim()) texts.push(node.textContent.trim());
            }
            for (const el of document.querySelectorAll('[placeholder], [title], [aria-label]')) {
                if (isData(el) || !shown(el)) continue;
                for (const name of ['placeholder', 'title', 'aria-label']) {
                    const value = el.getAttribute(name);
                    if (value) texts.push(value);
                }
            }
            return texts;
        }
        """;

    /// <summary>The untranslated words on the page as it is now, each with the text it was found in.</summary>
    public static async Task<IReadOnlyList<string>> OnPageAsync(IPage page) => In(await page.EvaluateAsync<string[]>(CollectScript));

    /// <summary>The untranslated words in these texts, as "word «text»".</summary>
    public static IReadOnlyList<string> In(IEnumerable<string> texts) =>
    [
        .. texts.SelectMany(text => Words(text).Select(word => $"{word} «{Shorten(text)}»")).Distinct(StringComparer.Ordinal),
    ];

    private static IEnumerable<string> Words(string text)
    {
        var rest = FileName().Replace(AllowedPhrase().Replace(text, " "), " ");
        return Word().Matches(rest).Select(m => m.Value).Where(word => !Allowed.Contains(word) && !DemoData().IsMatch(word));
    }

    private static string Shorten(string text) => text.Length <= 60 ? text : text[..60] + "…";

    // Removed before the words are read: the operators' time zone, an HTTP header, a URL (an example of what to paste, such
    // as a DingTalk robot's address), and the demo's own data that is not one word (the simulated robot's API key, two
    // robots' host names).
    [GeneratedRegex(@"Asia/Shanghai|X-Api-Key|https?://\S+|simulated robot|rpa-finance-[0-9]+\.corp\.local|fd00:8::15")]
    private static partial Regex AllowedPhrase();

    // A word with its dashes and underscores (X-Api-Key, log_info), digits included (IPv4, S3).
    [GeneratedRegex("[A-Za-z][A-Za-z0-9]*(?:[-_][A-Za-z0-9]+)*")]
    private static partial Regex Word();

    // A file name or extension (appsettings.json, .xlsx) names a file, not a word to translate.
    [GeneratedRegex(@"[\w-]*\.[A-Za-z][A-Za-z0-9]{1,4}\b")]
    private static partial Regex FileName();

    // The demo's bootstrap admin and robot accounts (tygj001, caiwu01, kefu01; tygj001-192… in a task's account column),
    // and the test host's webhook key from configuration (named bootstrap, its secret starting "test"), named in its
    // revoke button and confirmation.
    [GeneratedRegex("^(admin|(tygj|caiwu|kefu)[0-9]+(-[0-9]+)?|bootstrap|test)$", RegexOptions.IgnoreCase)]
    private static partial Regex DemoData();
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// Keeps every log entry: its message, level, exception text, and its scopes (text and structured values), to assert
/// what log lines carry — and what they must never carry.
/// </summary>
public sealed class CapturingLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public ConcurrentQueue<CapturedLog> Entries { get; } = new();

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(this, categoryName);

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(CapturingLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider._scopes.Push(state);

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = new Dictionary<string, object?>();
            var texts = new List<string>();
            provider._scopes.ForEachScope((scope, all) =>
            {
                texts.Add(scope?.ToString() ?? "");
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        all[key] = value;
                    }
                }
            }, values);
            provider.Entries.Enqueue(new CapturedLog(category, logLevel, formatter(state, exception), exception?.ToString(), texts, values));
        }
    }
}

public sealed record CapturedLog(
    string Category,
    LogLevel Level,
    string Message,
    string? Exception,
    IReadOnlyList<string> Scopes,
    IReadOnlyDictionary<string, object?> ScopeValues)
{
    /// <summary>Everything this entry would put in a log file, as one text.</summary>
    public string AllText => string.Join('\n', [Category, Message, Exception ?? "", .. Scopes, .. ScopeValues.Select(v => $"{v.Key}={v.Value}")]);
}

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>Keeps every log entry with the structured values of its scopes, to assert what log lines carry.</summary>
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
            provider._scopes.ForEachScope((scope, all) =>
            {
                if (scope is IEnumerable<KeyValuePair<string, object?>> pairs)
                {
                    foreach (var (key, value) in pairs)
                    {
                        all[key] = value;
                    }
                }
            }, values);
            provider.Entries.Enqueue(new CapturedLog(category, formatter(state, exception), values));
        }
    }
}

public sealed record CapturedLog(string Category, string Message, IReadOnlyDictionary<string, object?> ScopeValues);

using System.Diagnostics;
using StackExchange.Redis;

namespace RpaWorkbench.Core.Redis;

/// <summary>
/// Opens the one Redis connection of this instance. Start-up waits up to <see cref="RedisOptions.StartTimeout"/> for
/// Redis (a container started alongside may need a moment), logging while it waits, then fails with a clear error: an
/// instance that silently ran without the shared key ring and events would sign users out and miss other instances'
/// changes. Once connected, a lost connection is re-established by the client; meanwhile commands fail at once
/// instead of queueing, so callers can fall back.
/// </summary>
internal static class RedisConnector
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(5);

    public static IConnectionMultiplexer Connect(string connectionString, RedisOptions options, ILogger logger)
    {
        var configuration = Parse(connectionString);
        configuration.AbortOnConnectFail = false;
        configuration.BacklogPolicy = BacklogPolicy.FailFast;
        configuration.ClientName ??= options.Prefix;
        var where = Describe(configuration);

        var redis = ConnectionMultiplexer.Connect(configuration);
        var waited = Stopwatch.StartNew();
        var nextProgress = ProgressInterval;
        // The subscription connection is a second socket that may finish its handshake after the first; with fail-fast
        // commands, subscribing before it is up would throw instead of waiting.
        while (!redis.IsConnected || !redis.GetSubscriber().IsConnected())
        {
            if (waited.Elapsed >= options.StartTimeout)
            {
                redis.Dispose();
                throw new InvalidOperationException(
                    $"Redis at {where} (ConnectionStrings:{RedisOptions.ConnectionStringName}) did not answer within {options.StartTimeout:g}. " +
                    "Start Redis, correct the address, or remove the setting to run a single instance without Redis.");
            }

            if (waited.Elapsed >= nextProgress)
            {
                logger.LogWarning("Waiting for Redis at {Redis} ({Waited:N0} s of {Timeout:N0} s)", where, waited.Elapsed.TotalSeconds, options.StartTimeout.TotalSeconds);
                nextProgress += ProgressInterval;
            }

            Thread.Sleep(100);
        }

        redis.ConnectionFailed += (_, e) => logger.LogWarning(e.Exception,
            "Lost the Redis connection to {EndPoint} ({FailureType}); live events stay within this instance until it is back", e.EndPoint, e.FailureType);
        redis.ConnectionRestored += (_, e) => logger.LogInformation("Redis connection to {EndPoint} restored", e.EndPoint);
        logger.LogInformation("Connected to Redis at {Redis}", where);
        return redis;
    }

    /// <summary>The servers of a Redis connection string, never its password (for logs and the settings page).</summary>
    public static string Describe(string connectionString) => Describe(Parse(connectionString));

    /// <summary>The password in a Redis connection string (only to tell whether one is set).</summary>
    public static string? Password(string connectionString) => Parse(connectionString).Password;

    private static string Describe(ConfigurationOptions configuration) =>
        string.Join(", ", configuration.EndPoints.Select(EndPointCollection.ToString)) + (configuration.Ssl ? " (TLS)" : "");

    private static ConfigurationOptions Parse(string connectionString)
    {
        try
        {
            return ConfigurationOptions.Parse(connectionString);
        }
        catch (ArgumentException ex)
        {
            // The message names the bad option, never the value (it may be the password).
            throw new InvalidOperationException($"ConnectionStrings:{RedisOptions.ConnectionStringName} is not a valid Redis connection string: {ex.Message}", ex);
        }
    }
}

using Microsoft.Extensions.Configuration;
using RpaWorkbench.Core.Diagnostics;
using RpaWorkbench.Core.Redis;
using StackExchange.Redis;

namespace RpaWorkbench.Core.Live;

internal static class LiveEventsServiceCollectionExtensions
{
    /// <summary>What the settings page shows for Redis when none is configured: one instance, events and keys kept locally.</summary>
    public const string RedisOff = "off (single instance)";

    private const string ConnectionStringKey = "ConnectionStrings:" + RedisOptions.ConnectionStringName;

    /// <summary>
    /// The live-event stream: through Redis when <c>ConnectionStrings:Redis</c> is set (with the one
    /// <see cref="IConnectionMultiplexer"/> of this instance, which the Data Protection key ring reuses), else in-process.
    /// </summary>
    public static IServiceCollection AddWorkbenchEvents(this IServiceCollection services, IConfiguration configuration)
    {
        // The servers and whether a password is set; never the connection string itself.
        services.AddSettings(new SettingsBuilder(SettingsGroups.Redis)
            .Value(ConnectionStringKey, "Settings.RedisServers", SettingsBuilder.NoDefault,
                _ => RedisOptions.ConnectionString(configuration) is { } servers ? RedisConnector.Describe(servers) : RedisOff)
            .Secret(ConnectionStringKey, "Settings.RedisPassword", _ =>
                RedisOptions.ConnectionString(configuration) is { } servers ? RedisConnector.Password(servers) : null)
            .Build());
        services.AddWorkbenchOptions<RedisOptions, RedisOptionsValidator>(RedisOptions.SectionName, SettingsGroups.Redis, s => s
            .Add(o => o.Prefix, "Settings.RedisPrefix")
            .Add(o => o.StartTimeout, "Settings.RedisStartTimeout"));
        services.AddSettings(new SettingsBuilder(SettingsGroups.Redis)
            .Derived("", "Settings.RedisEventsChannel", sp =>
                RedisOptions.ConnectionString(configuration) is null ? RedisOff : sp.GetRequiredService<IOptions<RedisOptions>>().Value.EventsChannel)
            .Build());
        services.AddSingleton<InProcessWorkbenchEvents>();
        if (RedisOptions.ConnectionString(configuration) is not { } connectionString)
        {
            services.AddSingleton<IWorkbenchEvents>(sp => Metered<InProcessWorkbenchEvents>(sp));
            return services;
        }

        services.AddSingleton(sp => RedisConnector.Connect(connectionString,
            sp.GetRequiredService<IOptions<RedisOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RedisConnector).FullName!)));
        services.AddSingleton<RedisWorkbenchEvents>();
        services.AddSingleton<IWorkbenchEvents>(sp => Metered<RedisWorkbenchEvents>(sp));
        return services;
    }

    private static MeteredWorkbenchEvents Metered<TEvents>(IServiceProvider services) where TEvents : IWorkbenchEvents =>
        new(services.GetRequiredService<TEvents>(), services.GetRequiredService<WorkbenchMetrics>());
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Live;
using StackExchange.Redis;

namespace RpaWorkbench.Core.Redis;

public static class RedisServiceCollectionExtensions
{
    /// <summary>
    /// The live-event stream: through Redis when <c>ConnectionStrings:Redis</c> is set (with the one
    /// <see cref="IConnectionMultiplexer"/> of this instance, which the Data Protection key ring reuses), else in-process.
    /// </summary>
    public static IServiceCollection AddWorkbenchEvents(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<RedisOptions>().BindConfiguration(RedisOptions.SectionName)
            .Validate(o => o.IsValid, "Workbench:Redis:Prefix must not be empty and Workbench:Redis:StartTimeout must be more than 0 and at most 10 minutes.")
            .ValidateOnStart();
        services.AddSingleton<InProcessWorkbenchEvents>();
        if (RedisOptions.ConnectionString(configuration) is not { } connectionString)
        {
            services.AddSingleton<IWorkbenchEvents>(sp => sp.GetRequiredService<InProcessWorkbenchEvents>());
            return services;
        }

        services.AddSingleton(sp => RedisConnector.Connect(connectionString,
            sp.GetRequiredService<IOptions<RedisOptions>>().Value,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(RedisConnector).FullName!)));
        services.AddSingleton<IWorkbenchEvents, RedisWorkbenchEvents>();
        return services;
    }
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;
using RpaWorkbench.Core.Demo;

namespace RpaWorkbench.Core.Robots;

public static class RobotServiceCollectionExtensions
{
    /// <summary>The robot agent client with its timeouts and retries, and how robots are addressed.</summary>
    public static IServiceCollection AddRobotAgent(this IServiceCollection services)
    {
        // A demo has no real robots: unless a mode is configured, --demo (Workbench:Demo) means Simulated.
        services.AddOptions<RobotOptions>()
            .Configure<IOptions<DemoOptions>>((robots, demo) => robots.Mode = demo.Value.Demo ? RobotMode.Simulated : robots.Mode)
            .BindConfiguration(RobotOptions.SectionName)
            .Validate(o => o.Mode != RobotMode.Tunnel || o.TunnelBaseUrl is { IsAbsoluteUri: true },
                "Workbench:Robots:TunnelBaseUrl must be an absolute URL when Workbench:Robots:Mode is Tunnel.")
            .Validate(o => o.AttemptTimeout > TimeSpan.Zero, "Workbench:Robots:AttemptTimeout must be positive.")
            .Validate(o => o.MaxRetries is >= 0 and <= 10, "Workbench:Robots:MaxRetries must be between 0 and 10.")
            .Validate(o => o.RetryDelay >= TimeSpan.Zero, "Workbench:Robots:RetryDelay must not be negative.")
            .Validate(o => o.RunTimeout > TimeSpan.Zero, "Workbench:Robots:RunTimeout must be positive.")
            .Validate(o => o.StopTimeout > TimeSpan.Zero, "Workbench:Robots:StopTimeout must be positive.")
            .Validate(o => o.WatchdogInterval > TimeSpan.Zero, "Workbench:Robots:WatchdogInterval must be positive.")
            .ValidateOnStart();
        services.AddSingleton<SimulatedRobotAddress>();
        services.AddSingleton<RobotAddresses>();

        services.AddHttpClient<IRobotAgent, HttpRobotAgent>(client => client.Timeout = Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("robot-agent", (pipeline, context) =>
            {
                var robots = context.ServiceProvider.GetRequiredService<IOptions<RobotOptions>>().Value;
                pipeline.AddTimeout(robots.TotalTimeout);
                if (robots.MaxRetries > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = robots.MaxRetries,
                        BackoffType = DelayBackoffType.Exponential,
                        Delay = robots.RetryDelay,
                        UseJitter = true,
                    });
                }

                pipeline.AddTimeout(robots.AttemptTimeout);
            });
        return services;
    }
}

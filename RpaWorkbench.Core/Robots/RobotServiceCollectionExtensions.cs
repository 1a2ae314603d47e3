using Microsoft.Extensions.Http.Resilience;
using Polly;
using RpaWorkbench.Core.Demo;
using RpaWorkbench.Core.Diagnostics;
using RpaWorkbench.Core.Dify;
using RpaWorkbench.Core.Robots.ShadowBot;

namespace RpaWorkbench.Core.Robots;

internal static class RobotServiceCollectionExtensions
{
    /// <summary>The robot agent client with its timeouts and retries, and how robots are addressed.</summary>
    public static IServiceCollection AddRobotAgent(this IServiceCollection services)
    {
        // A demo has no real robots: unless a mode is configured, --demo (Workbench:Demo) means Simulated.
        services.AddOptions<RobotOptions>()
            .Configure<IOptions<DemoOptions>>((robots, demo) => robots.Mode = demo.Value.Demo ? RobotMode.Simulated : robots.Mode);
        services.AddWorkbenchOptions<RobotOptions, RobotOptionsValidator>(RobotOptions.SectionName, SettingsGroups.Robots, s => s
            .Add(o => o.Mode, "Settings.RobotMode")
            .Add(o => o.TunnelBaseUrl, "Settings.TunnelBaseUrl")
            .Add(o => o.StartPath, "Settings.StartPath")
            .Add(o => o.StopPath, "Settings.StopPath")
            .Add(o => o.AttemptTimeout, "Settings.AttemptTimeout")
            .Add(o => o.MaxRetries, "Settings.MaxRetries")
            .Add(o => o.RetryDelay, "Settings.RetryDelay")
            .Add(o => o.RunTimeout, "Settings.RunTimeout")
            .Add(o => o.StopTimeout, "Settings.StopTimeout")
            .Add(o => o.WatchdogInterval, "Settings.WatchdogInterval"));
        services.AddShadowBotClient();
        services.AddDifyWorkflows();
        services.AddSingleton<SimulatedRobotAddress>();
        services.AddSingleton<RobotAddresses>();

        services.AddWorkbenchMetrics();
        services.AddTransient<IRobotAgent, RobotAgentRouter>();
        services.AddTransient<ShadowBotRobotAgent>();
        // Both idle unless Mode=ShadowBot with a key pair.
        services.AddSingleton<ShadowBotReconciler>();
        services.AddHostedService(sp => sp.GetRequiredService<ShadowBotReconciler>());
        services.AddSingleton<ShadowBotClientPoller>();
        services.AddHostedService(sp => sp.GetRequiredService<ShadowBotClientPoller>());
        services.AddHttpClient<HttpRobotAgent>(client => client.Timeout = Timeout.InfiniteTimeSpan)
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

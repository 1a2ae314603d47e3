using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace RpaWorkbench.Core.Robots.Simulation;

internal static class SimulatedRobotServiceCollectionExtensions
{
    /// <summary>The in-process robot agent used when <c>Workbench:Robots:Mode</c> is Simulated (idle otherwise).</summary>
    public static IServiceCollection AddSimulatedRobot(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<SimulatedRobotOptions, SimulatedRobotOptionsValidator>(SimulatedRobotOptions.SectionName, SettingsGroups.Robots, s => s
            .Add(o => o.ConfirmDelay, "Settings.SimulatedConfirmDelay")
            .Add(o => o.MinRunDuration, "Settings.SimulatedMinRunDuration")
            .Add(o => o.MaxRunDuration, "Settings.SimulatedMaxRunDuration")
            .Add(o => o.FailureRate, "Settings.SimulatedFailureRate")
            .Add(o => o.HeartbeatInterval, "Settings.SimulatedHeartbeatInterval"));

        // Retried callbacks are safe: the Workbench de-duplicates completions by execution_id (the run id).
        services.AddHttpClient(WorkbenchCallbackClient.ClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllLoggers()
            .AddResilienceHandler(WorkbenchCallbackClient.ClientName, pipeline =>
            {
                pipeline.AddRetry(new HttpRetryStrategyOptions
                {
                    MaxRetryAttempts = 3,
                    BackoffType = DelayBackoffType.Exponential,
                    Delay = TimeSpan.FromMilliseconds(500),
                    UseJitter = true,
                });
                pipeline.AddTimeout(TimeSpan.FromSeconds(10));
            });

        services.AddSingleton<WorkbenchCallbackClient>();
        services.AddSingleton<SimulatedRunReport>();
        services.AddSingleton<SimulatedRunFiles>();
        services.AddSingleton<SimulatedRunScript>();
        services.AddSingleton<SimulatedRobots>();
        services.AddSingleton<SimulatedAgentEndpoints>();
        services.AddSingleton<SimulatedHeartbeats>();
        services.AddSingleton<SimulatedRobotKey>();
        services.AddHostedService<SimulatedRobotAgentServer>();
        return services;
    }
}

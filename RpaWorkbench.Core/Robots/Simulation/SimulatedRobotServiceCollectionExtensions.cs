using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace RpaWorkbench.Core.Robots.Simulation;

public static class SimulatedRobotServiceCollectionExtensions
{
    /// <summary>The in-process robot agent used when <c>Workbench:Robots:Mode</c> is Simulated (idle otherwise).</summary>
    public static IServiceCollection AddSimulatedRobot(this IServiceCollection services)
    {
        services.AddOptions<SimulatedRobotOptions>().BindConfiguration(SimulatedRobotOptions.SectionName)
            .Validate(o => o.ConfirmDelay >= TimeSpan.Zero, "Workbench:Robots:Simulation:ConfirmDelay must not be negative.")
            .Validate(o => o.MinRunDuration >= TimeSpan.Zero && o.MaxRunDuration >= o.MinRunDuration,
                "Workbench:Robots:Simulation:MinRunDuration must not be negative nor above MaxRunDuration.")
            .Validate(o => o.FailureRate is >= 0 and <= 1, "Workbench:Robots:Simulation:FailureRate must be between 0 and 1.")
            .Validate(o => o.HeartbeatInterval >= TimeSpan.Zero, "Workbench:Robots:Simulation:HeartbeatInterval must not be negative (0 sends none).")
            .ValidateOnStart();

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

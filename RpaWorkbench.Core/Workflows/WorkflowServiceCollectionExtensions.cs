using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Workflows.Engine;
using RpaWorkbench.Core.Workflows.Http;
using RpaWorkbench.Core.Workflows.Runs;

namespace RpaWorkbench.Core.Workflows;

internal static class WorkflowServiceCollectionExtensions
{
    /// <summary>Workflows: their definitions, runs and the engine that runs them.</summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services)
    {
        // Built here: its constructor takes the engine's internal mover, so it is not public.
        services.AddScoped(sp => new WorkflowRunService(sp.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>(), sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ICurrentUser>(), sp.GetRequiredService<AuditTrail>(), sp.GetRequiredService<IWorkbenchEvents>(),
            sp.GetRequiredService<InFlightRuns>(), sp.GetRequiredService<WorkflowRunMover>()));
        AddEngine(services);
        services.AddWorkflowHttp();
        services.AddScoped<WorkflowRunReads>();
        services.AddSingleton<WorkflowScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkflowScheduler>());
        services.AddScoped<Definitions.WorkflowService>();
        return services;
    }

    private static void AddEngine(IServiceCollection services)
    {
        services.AddWorkbenchOptions<WorkflowOptions, WorkflowOptionsValidator>(WorkflowOptions.SectionName, SettingsGroups.Workflows, s => s
            .Add(o => o.Enabled, "Settings.WorkflowEnabled")
            .Add(o => o.PollInterval, "Settings.WorkflowPollInterval")
            .Add(o => o.WakeDebounce, "Settings.WorkflowWakeDebounce")
            .Add(o => o.InterruptedGrace, "Settings.WorkflowInterruptedGrace")
            .Add(o => o.MaxAttemptsPerRun, "Settings.WorkflowMaxAttemptsPerRun")
            // The names only: a secret's value is never shown.
            .Add(o => o.Secrets, "Settings.WorkflowSecrets", secrets => string.Join(", ", secrets.Keys.Order(StringComparer.Ordinal))));
        services.AddSingleton<WorkflowStepStarter>();
        services.AddSingleton<WorkflowRunAdvancer>();
        services.AddSingleton<WorkflowHttpSteps>();
        services.AddSingleton<WorkflowFollowUps>();
        services.AddSingleton<WorkflowRunMover>();
        services.AddSingleton<WorkflowEngine>();
        services.AddHostedService(sp => sp.GetRequiredService<WorkflowEngine>());
        services.AddSingleton<WorkflowDispatchListener>();
        services.AddSingleton<Dispatch.IDispatchRunListener>(sp => sp.GetRequiredService<WorkflowDispatchListener>());
    }
}

namespace RpaWorkbench.Core.Workflows;

internal static class WorkflowServiceCollectionExtensions
{
    /// <summary>Workflows: their definitions, runs and the engine that runs them.</summary>
    public static IServiceCollection AddWorkflows(this IServiceCollection services)
    {
        services.AddScoped<WorkflowRunService>();
        services.AddScoped<Definitions.WorkflowService>();
        return services;
    }
}

namespace RpaWorkbench.Core.Batches;

/// <summary>Limits of uploaded sheets and the retry backoff of batch items (<c>Workbench:Batches</c>).</summary>
public sealed class BatchOptions
{
    public const string SectionName = "Workbench:Batches";

    /// <summary>The most data rows one sheet may hold; a longer sheet is refused whole.</summary>
    [NumberRange(1, 1_000_000)]
    public int MaxRows { get; set; } = 100_000;

    /// <summary>The largest sheet file accepted, in bytes: at most 32 MiB less room for the form around it (the server's body limit).</summary>
    [NumberRange(1024, 32 * 1024 * 1024 - 64 * 1024)]
    public long MaxFileSizeBytes { get; set; } = 30L * 1024 * 1024;

    /// <summary>How long an item's first retry waits after a system failure; each further retry waits twice as long.</summary>
    [TimeSpanRange("00:00:00", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest a retry waits, however many came before.</summary>
    [TimeSpanRange("00:00:00", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long the attempt after <paramref name="attempt"/> waits: <see cref="RetryDelay"/> × 2^(attempt−1), at most <see cref="RetryMaxDelay"/>.</summary>
    public TimeSpan BackoffAfter(int attempt)
    {
        var doublings = Math.Clamp(attempt - 1, 0, 30);
        var delay = RetryDelay.Ticks * (double)(1L << doublings);
        return delay >= RetryMaxDelay.Ticks ? RetryMaxDelay : TimeSpan.FromTicks((long)delay);
    }
}

[OptionsValidator]
internal sealed partial class BatchOptionsValidator : IValidateOptions<BatchOptions>;

internal static class BatchServiceCollectionExtensions
{
    /// <summary>The batch options, the service pages and the API call, and the listener the dispatcher tells about batch runs.</summary>
    public static IServiceCollection AddBatches(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<BatchOptions, BatchOptionsValidator>(BatchOptions.SectionName, SettingsGroups.Batches, s => s
            .Add(o => o.MaxRows, "Settings.BatchMaxRows")
            .Add(o => o.MaxFileSizeBytes, "Settings.BatchMaxFileSize")
            .Add(o => o.RetryDelay, "Settings.BatchRetryDelay")
            .Add(o => o.RetryMaxDelay, "Settings.BatchRetryMaxDelay"));
        services.AddScoped<BatchService>();
        services.AddSingleton<BatchRunListener>();
        services.AddSingleton<Dispatch.IDispatchRunListener>(sp => sp.GetRequiredService<BatchRunListener>());
        return services;
    }
}

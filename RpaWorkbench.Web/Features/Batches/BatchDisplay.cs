using RpaWorkbench.Core.Batches;

namespace RpaWorkbench.Web.Features.Batches;

/// <summary>
/// How the batch pages show states: one colour per batch and item state, shared by the chips and the progress bar —
/// successful green, failed red, abandoned amber (the Workbench gave up on it, not the robot), in progress blue,
/// retried purple (waiting for its next attempt), new and cancelled grey.
/// </summary>
public static class BatchDisplay
{
    /// <summary>The states the progress bar shows, in its order from the left; new items are the empty rest.</summary>
    public static readonly IReadOnlyList<BatchItemState> ProgressOrder =
    [
        BatchItemState.Successful, BatchItemState.Failed, BatchItemState.Abandoned, BatchItemState.Cancelled,
        BatchItemState.InProgress, BatchItemState.Retried,
    ];

    public static Color Of(BatchItemState state) => state switch
    {
        BatchItemState.Successful => Color.Success,
        BatchItemState.Failed => Color.Error,
        BatchItemState.Abandoned => Color.Warning,
        BatchItemState.InProgress => Color.Info,
        BatchItemState.Retried => Color.Secondary,
        _ => Color.Default,
    };

    public static Color Of(BatchState state) => state switch
    {
        BatchState.Running => Color.Info,
        BatchState.Paused => Color.Warning,
        BatchState.Completed => Color.Success,
        _ => Color.Default,
    };

    /// <summary>How many of the counted items are in <paramref name="state"/>.</summary>
    public static int CountOf(BatchCounts counts, BatchItemState state) => state switch
    {
        BatchItemState.New => counts.New,
        BatchItemState.InProgress => counts.InProgress,
        BatchItemState.Successful => counts.Successful,
        BatchItemState.Failed => counts.Failed,
        BatchItemState.Retried => counts.Retried,
        BatchItemState.Abandoned => counts.Abandoned,
        _ => counts.Cancelled,
    };

    /// <summary>The theme's CSS variable for a colour (the default colour as the theme's grey).</summary>
    public static string CssVariable(Color color) => color == Color.Default
        ? "var(--mud-palette-action-disabled)"
        : $"var(--mud-palette-{color.ToString().ToLowerInvariant()})";
}

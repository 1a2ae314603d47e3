using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Batches;

/// <summary>A batch as the API shows it: the detail, with the expected time to finish in whole seconds.</summary>
public sealed record BatchResource(
    long Id, string Name, long TaskId, string TaskName, BatchState State, Core.Dispatch.RunPriority Priority, int MaxRetries, int? Concurrency,
    int? WaitTimeoutSeconds, string? SourceFileName, int ItemCount, BatchCounts Counts, IReadOnlyList<string> Columns,
    [property: Description("Items that ended (successful, failed, abandoned) per minute over the last 10 minutes.")] double ThroughputPerMinute,
    [property: Description("Seconds the remaining items should take at that pace; null when nothing ended lately or the batch is not running.")] long? EtaSeconds,
    string CreatedBy, DateTime CreatedAt, DateTime UpdatedAt, DateTime? FinishedAt, int Version)
{
    public static BatchResource Of(BatchDetail b) => new(b.Id, b.Name, b.TaskId, b.TaskName, b.State, b.Priority, b.MaxRetries, b.Concurrency,
        b.WaitTimeoutSeconds, b.SourceFileName, b.ItemCount, b.Counts, b.Columns, b.ThroughputPerMinute,
        b.EtaSeconds, b.CreatedBy, b.CreatedAt, b.UpdatedAt, b.FinishedAt, b.Version);
}

/// <summary>A batch item as the API shows it: its outputs as the JSON the robot sent.</summary>
public sealed record BatchItemResource(
    long Id, int RowNumber, BatchItemState State, int Attempts, string? RunId, string? LastError, JsonElement? Outputs,
    IReadOnlyDictionary<string, string?> Values, DateTime? StartedAt, DateTime? EndedAt)
{
    public static BatchItemResource Of(BatchItemRow i) =>
        new(i.Id, i.RowNumber, i.State, i.Attempts, i.RunId, i.LastError, StoredJson.Element(i.Outputs), i.Values, i.StartedAt, i.EndedAt);
}

/// <summary>What <c>POST /api/v1/batches</c> answers with 201: the batch, and with skip_invalid_rows the rows left out and why.</summary>
public sealed record BatchUploadReply(BatchResource Batch, int SkippedRows, int ErrorCount, IReadOnlyList<BatchRowError> Errors);

/// <summary>The 422 of a refused sheet (problem details): <c>errors</c> names <c>file</c>; <c>sheet_errors</c> lists each cell's error (the first 1,000), <c>error_count</c> counts them all.</summary>
public sealed record BatchRefusal(string Title, int Status, IReadOnlyDictionary<string, string[]> Errors, IReadOnlyList<BatchRowError> SheetErrors, int ErrorCount);

/// <summary>The multipart form of <c>POST /api/v1/batches</c> (read by hand; this is its shape for the document).</summary>
public sealed record BatchUploadForm
{
    [JsonPropertyName("task_id"), Description("The task whose parameters the sheet's columns are.")]
    public required long TaskId { get; init; }

    [JsonPropertyName("file"), Description("The sheet: .xlsx (first sheet) or .csv (UTF-8), header row first.")]
    public required IFormFile File { get; init; }

    [JsonPropertyName("name"), Description("The batch's name; the file's name when left out.")]
    public string? Name { get; init; }

    [JsonPropertyName("priority"), Description("high, normal (default) or low.")]
    public string? Priority { get; init; }

    [JsonPropertyName("max_retries"), Description("Retries after a system failure (timed out, lost, unreachable), 0-10; default 2.")]
    public int? MaxRetries { get; init; }

    [JsonPropertyName("concurrency"), Description("At most this many items at once, 1-1000; default: as many as idle robots.")]
    public int? Concurrency { get; init; }

    [JsonPropertyName("wait_timeout_seconds"), Description("An item waiting this long in the queue is abandoned; default: waits for ever.")]
    public int? WaitTimeoutSeconds { get; init; }

    [JsonPropertyName("skip_invalid_rows"), Description("true: leave bad rows out and create the batch from the rest; false (default): refuse the file.")]
    public bool? SkipInvalidRows { get; init; }
}

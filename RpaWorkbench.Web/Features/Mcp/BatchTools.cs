using System.ComponentModel;
using System.Text.Json;
using ModelContextProtocol.Server;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Dispatch;

namespace RpaWorkbench.Web.Features.Mcp;

/// <summary>Batches: create one from rows (operator and admin keys) and follow its progress (any key that may read).</summary>
[McpServerToolType]
internal sealed class BatchTools
{
    /// <summary>How many of a refused batch's row errors the tool's message lists.</summary>
    public const int ListedErrors = 20;

    [McpServerTool(Name = "create_batch", Destructive = false, Idempotent = false, UseStructuredContent = true)]
    [Description("Creates a batch of a task: one queued run per row, each row's values (parameter name → value) as the run's parameters. " +
                 "Every row is checked against the task's declared parameters first (types, required, lengths, unknown names); any " +
                 "error refuses the whole batch, naming rows[i] and the parameter. Items then run on idle robots of the task's target; " +
                 "follow them with batch_status. Needs an operator or admin key.")]
    public static async Task<BatchStatus> CreateBatch(
        BatchService batches,
        [Description("The task whose parameters the rows fill (from list_tasks).")] long task_id,
        [Description("The rows: objects of parameter name → value (text, number or true/false), e.g. [{\"customer\":\"ACME\",\"amount\":12.5}].")]
        IReadOnlyList<Dictionary<string, JsonElement>> rows,
        [Description("The batch's name (default: the task's name).")] string? name = null,
        [Description("high, normal (default) or low.")] string? priority = null,
        [Description("Retries after a system failure (robot unreachable, timed out, lost), 0-10 (default 2).")] int? max_retries = null,
        [Description("At most this many rows run at once (default: as many as there are idle robots).")] int? concurrency = null,
        CancellationToken cancellationToken = default)
    {
        var arguments = new McpArguments();
        var chosen = arguments.Enum<RunPriority>("priority", priority);
        arguments.ThrowIfInvalid();

        var values = rows.Select(row => (IReadOnlyDictionary<string, string?>)row.ToDictionary(cell => cell.Key, cell => Text(cell.Value))).ToList();
        var result = await batches.CreateAsync(new BatchRows(task_id, values)
        {
            Name = name, Priority = chosen, MaxRetries = max_retries, Concurrency = concurrency,
        }, cancellationToken);
        return result.Batch is { } batch ? BatchStatus.Of(batch) : throw Refused(result);
    }

    [McpServerTool(Name = "batch_status", ReadOnly = true, UseStructuredContent = true)]
    [Description("A batch's progress: its state (running, paused, completed, cancelled), how many items are in each state (new, " +
                 "in_progress, successful, failed, retried, abandoned, cancelled), its pace (items ended a minute over the last 10 minutes) " +
                 "and the expected seconds to finish.")]
    public static async Task<BatchStatus> GetBatchStatus(
        BatchService batches,
        [Description("The batch's id (from create_batch).")] long batch_id,
        CancellationToken cancellationToken = default) =>
        BatchStatus.Of(await batches.GetAsync(batch_id, cancellationToken)
            ?? throw McpArguments.Refusal("batch_id", ErrorCodes.NotFound, $"No batch has id {batch_id}."));

    // A row's value as a sheet's cell would hold it.
    private static string? Text(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => value.GetRawText(),
    };

    // Sheet rows count from 2 (the header is 1); the caller's rows from 0.
    private static ValidationFailedException Refused(BatchCreateResult result) => new([.. result.Errors.Take(ListedErrors).Select(e =>
        new FieldError(e.Row >= 2 ? $"rows[{e.Row - 2}].{e.Column}" : "rows", e.Code, e.Message))]);
}

/// <summary>What create_batch and batch_status return.</summary>
public sealed record BatchStatus(
    long Id, string Name, long TaskId, BatchState State, int ItemCount, BatchCounts Counts, double ThroughputPerMinute, long? EtaSeconds, DateTime CreatedAt, DateTime? FinishedAt)
{
    public static BatchStatus Of(BatchDetail b) => new(b.Id, b.Name, b.TaskId, b.State, b.ItemCount, b.Counts, b.ThroughputPerMinute,
        b.EtaSeconds, b.CreatedAt, b.FinishedAt);
}

namespace RpaWorkbench.Core.Batches;

/// <summary>One row of a batch: its values are the run's parameters; each attempt is a <see cref="Dispatch.DispatchRun"/>.</summary>
public class BatchItem
{
    public const int MaxErrorLength = 2000;

    public long Id { get; set; }
    public long BatchId { get; set; }
    public Batch? Batch { get; set; }

    /// <summary>The row's number in the uploaded sheet (the header is row 1).</summary>
    public int RowNumber { get; set; }

    /// <summary>The row's cells by column, as uploaded (the declared parameters among them are the run's parameters).</summary>
    public IReadOnlyDictionary<string, string?> Values { get; set; } = new Dictionary<string, string?>();

    public BatchItemState State { get; set; } = BatchItemState.New;

    /// <summary>Attempts dispatched so far (the current one included).</summary>
    public int Attempts { get; set; }

    /// <summary>A random key (32 hex digits) its attempts' run ids derive from (<see cref="RunIdOf"/>).</summary>
    public required string RunKey { get; set; }

    /// <summary>The current or last attempt's run id.</summary>
    public string? RunId { get; set; }

    public string? LastError { get; set; }

    /// <summary>What the robot reported (a JSON object, name → value), from the last attempt's callback.</summary>
    public string? Outputs { get; set; }

    public DateTime? StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }

    /// <summary>Optimistic concurrency token, bumped on every change.</summary>
    public int Version { get; set; }

    /// <summary>Its attempt was accepted by a robot: in progress, the attempt's run id and number, the first start kept.</summary>
    public void Start(int attempt, string runId, DateTime startedAt)
    {
        State = BatchItemState.InProgress;
        Attempts = attempt;
        RunId = runId;
        StartedAt ??= startedAt;
        Version++;
    }

    /// <summary>Its attempt ended in <paramref name="state"/> (an end state, or retried while the next attempt waits).</summary>
    public void End(BatchItemState state, string? error, DateTime now)
    {
        State = state;
        LastError = error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;
        EndedAt = now;
        Version++;
    }

    /// <summary>An operator retries it: it waits in the queue again.</summary>
    public void Requeue()
    {
        State = BatchItemState.New;
        EndedAt = null;
        Version++;
    }

    /// <summary>Whether it still has work to do (so its batch is not yet complete).</summary>
    public static bool IsOpen(BatchItemState state) => state is BatchItemState.New or BatchItemState.InProgress or BatchItemState.Retried;

    /// <summary>
    /// The run id of an attempt: the same item and attempt always give the same id (≤ 36 characters, ShadowBot's
    /// <c>idempotentUuid</c> limit), so a repeated start is harmless; the random key keeps it unique across
    /// Workbenches sharing one ShadowBot tenant and across a reset database.
    /// </summary>
    public static string RunIdOf(string runKey, int attempt) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{runKey}-{attempt}");

    public static string NewRunKey() => Guid.CreateVersion7().ToString("N");
}

using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Time;

namespace RpaWorkbench.Core.Batches;

/// <summary>
/// Batches: a sheet's rows run as one queued run each. Creating checks every row first and writes the batch, its items
/// and their first runs in one transaction, or nothing. Any signed-in role may read; operators and admins create and
/// act (pause, resume, cancel, retry failed), each audited and published as <see cref="BatchChanged"/> and
/// <see cref="QueueChanged"/> after the commit.
/// </summary>
public sealed partial class BatchService(
    IDbContextFactory<WorkbenchDbContext> contexts,
    TimeProvider clock,
    IOptions<BatchOptions> options,
    OperatorTime operatorTime,
    ICurrentUser user,
    AuditTrail audit,
    IWorkbenchEvents events,
    InFlightRuns inFlight)
{
    /// <summary>Items and runs are written this many at a time, the change tracker emptied between, so memory stays flat.</summary>
    public const int InsertChunk = 2_000;

    /// <summary>Reads the sheet, checks every row and creates the batch with its items queued, or returns why the file was refused (nothing written).</summary>
    public async Task<BatchCreateResult> CreateAsync(BatchUpload upload, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        var settings = BatchSettings.Of(upload);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await TaskAsync(db, upload.TaskId, cancellationToken);
        await using var file = await UploadedFile.OpenAsync(upload.Content, options.Value.MaxFileSizeBytes, cancellationToken);
        var format = await UploadedFile.FormatAsync(file, upload.FileName, cancellationToken);
        var source = BatchSettings.Clip(Path.GetFileName(upload.FileName), Batch.MaxFileNameLength);
        return await CreateAsync(db, task, settings with { Name = settings.Name ?? BatchSettings.NameOf(upload.FileName) }, source,
            BatchSheetReader.ReadAsync(file, format, cancellationToken), upload.SkipInvalidRows, cancellationToken);
    }

    /// <summary>Creates a batch from rows given as data, checked exactly as an uploaded sheet's rows (the first is row 2).</summary>
    public async Task<BatchCreateResult> CreateAsync(BatchRows rows, CancellationToken cancellationToken)
    {
        user.RequireOperate();
        var settings = BatchSettings.Of(rows);
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await TaskAsync(db, rows.TaskId, cancellationToken);
        return await CreateAsync(db, task, settings with { Name = settings.Name ?? task.TaskName }, null,
            SheetRow.Of(rows.Rows).ToAsyncEnumerable(), rows.SkipInvalidRows, cancellationToken);
    }

    private async Task<BatchCreateResult> CreateAsync(WorkbenchDbContext db, RobotTask task, BatchSettings settings, string? sourceFileName,
        IAsyncEnumerable<SheetRow> rows, bool skipInvalid, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var batch = new Batch
        {
            Name = BatchSettings.Clip(settings.Name!, Batch.MaxNameLength),
            TaskId = task.Id,
            Priority = settings.Priority,
            MaxRetries = settings.MaxRetries,
            Concurrency = settings.Concurrency,
            WaitTimeoutSeconds = settings.WaitTimeoutSeconds,
            SourceFileName = sourceFileName,
            CreatedBy = audit.ActorName(),
            CreatedAt = now,
            UpdatedAt = now,
        };

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Batches.Add(batch);
        await db.SaveChangesAsync(cancellationToken);
        var import = new BatchImport(db, task, batch, options.Value.MaxRows, skipInvalid, now);
        await import.ReadAsync(rows, cancellationToken);
        if (!import.Accepted)
        {
            // Disposing the transaction rolls it back: not even the batch row stays.
            return new BatchCreateResult(null, import.Errors, import.ErrorCount, import.SkippedRows);
        }

        await db.Batches.Where(b => b.Id == batch.Id).ExecuteUpdateAsync(s => s
            .SetProperty(b => b.ItemCount, import.Inserted)
            .SetProperty(b => b.Columns, import.Columns), cancellationToken);
        audit.Record(db, AuditActions.BatchCreated, Target(batch), new AuditChanges()
            .Field("task", null, task.TaskName)
            .Field("items", null, import.Inserted.ToString(CultureInfo.InvariantCulture))
            .Field("skipped_rows", null, import.SkippedRows.ToString(CultureInfo.InvariantCulture)));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        events.Publish([new BatchChanged(batch.Id), new QueueChanged(task.Id)]);
        return new BatchCreateResult(await GetAsync(batch.Id, cancellationToken), import.Errors, import.ErrorCount, import.SkippedRows);
    }

    private static async Task<RobotTask> TaskAsync(WorkbenchDbContext db, long taskId, CancellationToken cancellationToken) =>
        await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken)
        ?? throw new ValidationFailedException([new FieldError(BatchErrorCodes.TaskIdField, ErrorCodes.NotFound, $"Task {taskId} does not exist.")]);

    private static AuditTarget Target(Batch batch) =>
        new(AuditTargetTypes.Batch, batch.Id.ToString(CultureInfo.InvariantCulture), batch.Name);

    private static RuleViolationException NotFound(long id) =>
        new(ErrorCodes.NotFound, $"Batch {id} does not exist (it may have been deleted).");

    private static RuleViolationException ConcurrencyConflict() =>
        new(ErrorCodes.ConcurrencyConflict, "The batch changed while you acted on it; reload and try again.");
}

namespace RpaWorkbench.Core.Batches;

public sealed partial class BatchService
{
    /// <summary>Writes the <c>.xlsx</c> template of the task's batches (its columns, notes and an example row) to <paramref name="output"/>.</summary>
    public async Task WriteTemplateAsync(long taskId, Stream output, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var task = await db.Tasks.AsNoTracking().SingleOrDefaultAsync(t => t.Id == taskId, cancellationToken)
            ?? throw new RuleViolationException(ErrorCodes.NotFound, $"Task {taskId} does not exist.");
        if (task.Parameters.Count == 0)
        {
            throw new RuleViolationException(BatchErrorCodes.NoParameters, $"Task \"{task.TaskName}\" declares no parameters: a batch has nothing to fill in.");
        }

        // A template is a few kilobytes: built in memory, where the notes are added to the package.
        using var package = new MemoryStream();
        BatchTemplate.Write(package, task.Parameters);
        package.Position = 0;
        await package.CopyToAsync(output, cancellationToken);
    }

    /// <summary>Writes the batch's result (its rows with status, outputs, error, attempts, start and end) as <paramref name="format"/>.</summary>
    public async Task WriteResultAsync(long id, BatchFileFormat format, Stream output, CancellationToken cancellationToken)
    {
        user.RequireRead();
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var batch = await db.Batches.AsNoTracking().SingleOrDefaultAsync(b => b.Id == id, cancellationToken) ?? throw NotFound(id);
        await new BatchResult(db, batch, operatorTime).WriteAsync(output, format, cancellationToken);
    }

    /// <summary>Writes an upload's errors (row, column, value, code, message) as <paramref name="format"/>, for the operator to fix the sheet.</summary>
    public static Task WriteErrorReportAsync(IEnumerable<BatchRowError> errors, BatchFileFormat format, Stream output, CancellationToken cancellationToken) =>
        BatchTable.WriteAsync(output, format, ["row", "column", "value", "code", "message"],
            errors.Select(e => new object?[] { e.Row, e.Column, e.Value, e.Code, e.Message }).ToAsyncEnumerable(), cancellationToken);
}

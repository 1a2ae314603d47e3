using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Batches;

/// <summary>
/// One pass over an uploaded sheet inside the creating transaction: the header is checked once, every row is checked,
/// and good rows become items with their first queued run, written <see cref="BatchService.InsertChunk"/> at a time.
/// Once a row is refused and bad rows are not skipped, nothing more is written (the transaction will be rolled back)
/// but the rest is still read, so the operator sees every error at once.
/// </summary>
internal sealed class BatchImport(WorkbenchDbContext db, RobotTask task, Batch batch, int maxRows, bool skipInvalid, DateTime now)
{
    private readonly List<BatchRowError> _errors = [];
    private readonly List<(BatchItem Item, IReadOnlyDictionary<string, string?> Parameters)> _pending = [];
    private bool _refused;
    private int _dataRows;

    public IReadOnlyList<BatchRowError> Errors => _errors;
    public int ErrorCount { get; private set; }
    public int SkippedRows { get; private set; }
    public int Inserted { get; private set; }
    public IReadOnlyList<string> Columns { get; private set; } = [];

    /// <summary>The batch may be committed: nothing refused the file and at least one item was written.</summary>
    public bool Accepted => !_refused && (ErrorCount == 0 || skipInvalid) && Inserted > 0;

    public async Task ReadAsync(IAsyncEnumerable<SheetRow> rows, CancellationToken cancellationToken)
    {
        BatchSheetRules? rules = null;
        try
        {
            await foreach (var row in rows.WithCancellation(cancellationToken))
            {
                if (rules is null)
                {
                    var (header, headerErrors) = BatchSheetRules.ForHeader(task.Parameters, row);
                    if (header is null)
                    {
                        Refuse(headerErrors);
                        return;
                    }

                    rules = header;
                    Columns = header.Columns;
                    continue;
                }

                if (row.IsBlank)
                {
                    continue;
                }

                if (++_dataRows > maxRows)
                {
                    Refuse([new BatchRowError(row.Number, "", null, BatchErrorCodes.TooManyRows,
                        $"The sheet has more than {maxRows} rows (Workbench:Batches:MaxRows); split it into smaller batches.")]);
                    return;
                }

                await CheckAsync(rules, row, cancellationToken);
            }
        }
        catch (InvalidDataException ex)
        {
            Refuse([new BatchRowError(0, "", null, BatchErrorCodes.UnreadableFile, ex.Message)]);
            return;
        }

        if (rules is null || _dataRows == 0)
        {
            Refuse([new BatchRowError(rules is null ? 1 : 2, "", null, BatchErrorCodes.EmptySheet,
                "The sheet has no rows to run: a header row naming the parameters, then one row per run.")]);
            return;
        }

        await FlushAsync(cancellationToken);
        if (Inserted == 0 && ErrorCount > 0 && skipInvalid)
        {
            Refuse([new BatchRowError(0, "", null, BatchErrorCodes.NoValidRows, "Every row has an error; there is nothing to run.")]);
        }
    }

    private async Task CheckAsync(BatchSheetRules rules, SheetRow row, CancellationToken cancellationToken)
    {
        var (values, check, errors) = rules.CheckRow(row);
        if (errors.Count > 0)
        {
            Keep(errors);
            SkippedRows++;
            return;
        }

        if (ErrorCount > 0 && !skipInvalid)
        {
            return;
        }

        var item = new BatchItem
        {
            BatchId = batch.Id,
            RowNumber = row.Number,
            Values = values,
            RunKey = BatchItem.NewRunKey(),
        };
        item.RunId = BatchItem.RunIdOf(item.RunKey, 1);
        _pending.Add((item, check.Values.ToDictionary(v => v.Key, v => (string?)v.Value)));
        if (_pending.Count >= BatchService.InsertChunk)
        {
            await FlushAsync(cancellationToken);
        }
    }

    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0 || (ErrorCount > 0 && !skipInvalid))
        {
            return;
        }

        await BatchRowWriter.WriteAsync(db, task, batch, _pending, now, cancellationToken);
        Inserted += _pending.Count;
        _pending.Clear();
    }

    private void Refuse(IReadOnlyList<BatchRowError> errors)
    {
        _refused = true;
        _pending.Clear();
        Keep(errors);
    }

    private void Keep(IReadOnlyList<BatchRowError> errors)
    {
        ErrorCount += errors.Count;
        _errors.AddRange(errors.Take(BatchCreateResult.MaxKeptErrors - _errors.Count));
    }
}

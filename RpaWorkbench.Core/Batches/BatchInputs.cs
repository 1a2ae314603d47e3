using RpaWorkbench.Core.Dispatch;

namespace RpaWorkbench.Core.Batches;

/// <summary>The file kinds a batch reads and writes.</summary>
public enum BatchFileFormat
{
    Xlsx,
    Csv,
}

/// <summary>
/// A new batch's settings: <see cref="Name"/> defaults to the file's name, <see cref="Priority"/> to normal,
/// <see cref="MaxRetries"/> to <see cref="DefaultMaxRetries"/>; no <see cref="Concurrency"/> runs as many items as
/// there are idle robots, no <see cref="WaitTimeoutSeconds"/> waits for ever. <see cref="SkipInvalidRows"/> leaves bad
/// rows out instead of refusing them all.
/// </summary>
public abstract record BatchRequest(long TaskId)
{
    public const int DefaultMaxRetries = 2;
    public const int MaxConcurrency = 1_000;
    public const int MaxWaitTimeoutSeconds = 30 * 24 * 3600;

    public string? Name { get; init; }
    public RunPriority? Priority { get; init; }
    public int? MaxRetries { get; init; }
    public int? Concurrency { get; init; }
    public int? WaitTimeoutSeconds { get; init; }
    public bool SkipInvalidRows { get; init; }
}

/// <summary>An uploaded <c>.xlsx</c> or <c>.csv</c> sheet: a header row naming the task's parameters, then one row per run.</summary>
public sealed record BatchUpload(long TaskId, string FileName, Stream Content) : BatchRequest(TaskId);

/// <summary>Rows given as data (an API or MCP caller): each row's values by parameter name, checked as a sheet's rows are (row 2 is the first).</summary>
public sealed record BatchRows(long TaskId, IReadOnlyList<IReadOnlyDictionary<string, string?>> Rows) : BatchRequest(TaskId)
{
    public const string SourceName = "rows";
}

/// <summary>
/// One refused cell, header or file: <see cref="Row"/> as the sheet shows it (the header is row 1; 0 for the file as a
/// whole), the column's header (or its letter when it has none), the value as read and why.
/// </summary>
public sealed record BatchRowError(int Row, string Column, string? Value, string Code, string Message);

/// <summary>
/// What an upload did: the batch it created (null when it was refused), the errors found (at most
/// <see cref="MaxKeptErrors"/>; <see cref="ErrorCount"/> counts them all) and the rows skipped with skip-invalid.
/// </summary>
public sealed record BatchCreateResult(BatchDetail? Batch, IReadOnlyList<BatchRowError> Errors, int ErrorCount, int SkippedRows)
{
    public const int MaxKeptErrors = 10_000;

    public bool Created => Batch is not null;
}

/// <summary>Stable codes of batch refusals (beside the parameter codes of <see cref="Tasks.ParameterValues"/>).</summary>
public static class BatchErrorCodes
{
    public const string UnsupportedFileType = "BatchUnsupportedFileType";
    public const string UnreadableFile = "BatchUnreadableFile";
    public const string EmptySheet = "BatchEmptySheet";
    public const string TooManyRows = "BatchTooManyRows";
    public const string UnknownColumn = "BatchUnknownColumn";
    public const string MissingColumn = "BatchMissingColumn";
    public const string DuplicateColumn = "BatchDuplicateColumn";
    public const string UnnamedColumn = "BatchUnnamedColumn";
    public const string NoValidRows = "BatchNoValidRows";
    public const string NotRunning = "BatchNotRunning";
    public const string NotPaused = "BatchNotPaused";
    public const string Finished = "BatchFinished";
    public const string NothingToRetry = "BatchNothingToRetry";
    public const string NoParameters = "BatchTaskHasNoParameters";

    /// <summary>The fields of an upload, as REST names them.</summary>
    public const string TaskIdField = "task_id";
    public const string FileField = "file";
    public const string NameField = "name";
    public const string PriorityField = "priority";
    public const string MaxRetriesField = "max_retries";
    public const string ConcurrencyField = "concurrency";
    public const string WaitTimeoutField = "wait_timeout_seconds";
}

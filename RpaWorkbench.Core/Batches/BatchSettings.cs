using RpaWorkbench.Core.Dispatch;

namespace RpaWorkbench.Core.Batches;

/// <summary>An upload's batch settings, checked (each refusal names its REST field) and with the defaults filled.</summary>
internal sealed record BatchSettings(string? Name, RunPriority Priority, int MaxRetries, int? Concurrency, int? WaitTimeoutSeconds)
{
    public static BatchSettings Of(BatchRequest upload)
    {
        var errors = new List<FieldError>();
        var name = string.IsNullOrWhiteSpace(upload.Name) ? null : upload.Name.Trim();
        if (name is { Length: > Batch.MaxNameLength })
        {
            errors.Add(new FieldError(BatchErrorCodes.NameField, ErrorCodes.TooLong, $"The name must be at most {Batch.MaxNameLength} characters.", Batch.MaxNameLength));
        }

        if (upload.Priority is { } priority && !Enum.IsDefined(priority))
        {
            errors.Add(new FieldError(BatchErrorCodes.PriorityField, ErrorCodes.InvalidValue, "The priority is high, normal or low."));
        }

        Range(errors, BatchErrorCodes.MaxRetriesField, upload.MaxRetries, 0, Batch.MaxRetriesLimit, "Retries after a system failure");
        Range(errors, BatchErrorCodes.ConcurrencyField, upload.Concurrency, 1, BatchRequest.MaxConcurrency, "The concurrency");
        Range(errors, BatchErrorCodes.WaitTimeoutField, upload.WaitTimeoutSeconds, 1, BatchRequest.MaxWaitTimeoutSeconds, "The wait timeout in seconds");
        if (upload is BatchUpload { FileName: var fileName } && string.IsNullOrWhiteSpace(fileName))
        {
            errors.Add(new FieldError(BatchErrorCodes.FileField, ErrorCodes.Required, "The file (an .xlsx or .csv sheet) is required."));
        }

        return errors.Count > 0
            ? throw new ValidationFailedException(errors)
            : new BatchSettings(name, upload.Priority ?? RunPriority.Normal, upload.MaxRetries ?? BatchRequest.DefaultMaxRetries,
                upload.Concurrency, upload.WaitTimeoutSeconds);
    }

    /// <summary>The batch's name when none is given: the file's name without its extension.</summary>
    public static string NameOf(string fileName)
    {
        var name = Path.GetFileNameWithoutExtension(Path.GetFileName(fileName)).Trim();
        return Clip(name.Length > 0 ? name : "batch", Batch.MaxNameLength);
    }

    public static string Clip(string text, int length) => text.Length <= length ? text : text[..length];

    private static void Range(List<FieldError> errors, string field, int? value, int minimum, int maximum, string what)
    {
        if (value is { } number && (number < minimum || number > maximum))
        {
            errors.Add(new FieldError(field, ErrorCodes.OutOfRange, $"{what} is {minimum} to {maximum}.", maximum));
        }
    }
}

using Microsoft.Extensions.Primitives;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Batches;

/// <summary>
/// <c>POST /api/v1/batches</c>: reads the multipart form by hand so every bad field is named (model binding would answer
/// a bare 400), hands the sheet to <see cref="BatchService.CreateAsync(BatchUpload, CancellationToken)"/> and answers
/// 201 with the batch, 422 naming <c>file</c> with the sheet's errors in <c>sheet_errors</c> (the first <see cref="MaxListedErrors"/>, and how many in all), or
/// 415 for a file that is neither a workbook nor a CSV.
/// </summary>
internal static class BatchUploads
{
    public const int MaxListedErrors = 1_000;
    public const string SkipInvalidRowsField = "skip_invalid_rows";

    public static async Task<IResult> CreateAsync(HttpContext context, BatchService service, CancellationToken cancellationToken)
    {
        var (form, unreadable) = await MultipartForm.ReadAsync(context, $"'{BatchErrorCodes.TaskIdField}' and '{BatchErrorCodes.FileField}'", cancellationToken);
        if (unreadable is not null)
        {
            return unreadable;
        }

        var errors = new List<FieldError>();
        var taskId = Number(form!, BatchErrorCodes.TaskIdField, errors, required: true);
        var file = form!.Files.GetFile(BatchErrorCodes.FileField);
        if (file is null)
        {
            errors.Add(new FieldError(BatchErrorCodes.FileField, ErrorCodes.Required, $"Attach the sheet (.xlsx or .csv) as the form field '{BatchErrorCodes.FileField}'."));
        }

        var priority = Priority(form[BatchErrorCodes.PriorityField], errors);
        var maxRetries = (int?)Number(form, BatchErrorCodes.MaxRetriesField, errors);
        var concurrency = (int?)Number(form, BatchErrorCodes.ConcurrencyField, errors);
        var waitTimeout = (int?)Number(form, BatchErrorCodes.WaitTimeoutField, errors);
        var skipInvalid = Flag(form[SkipInvalidRowsField], errors);
        QueryValues.ThrowIfAny(errors);

        await using var content = file!.OpenReadStream();
        BatchCreateResult result;
        try
        {
            result = await service.CreateAsync(new BatchUpload(taskId!.Value, file.FileName, content)
            {
                Name = form[BatchErrorCodes.NameField].ToString(),
                Priority = priority,
                MaxRetries = maxRetries,
                Concurrency = concurrency,
                WaitTimeoutSeconds = waitTimeout,
                SkipInvalidRows = skipInvalid,
            }, cancellationToken);
        }
        catch (RuleViolationException ex) when (ex.Code == BatchErrorCodes.UnsupportedFileType)
        {
            return ApiProblems.FieldStatus(context, StatusCodes.Status415UnsupportedMediaType, "Unsupported file type",
                new Dictionary<string, string[]> { [BatchErrorCodes.FileField] = [ex.Message] });
        }

        if (result.Batch is not { } batch)
        {
            // errors names the field, as every 422 of the API does; sheet_errors lists the cells.
            var problem = ApiProblems.FieldStatus(context, StatusCodes.Status422UnprocessableEntity, "The sheet was refused; nothing was created",
                new Dictionary<string, string[]>
                {
                    [BatchErrorCodes.FileField] = [$"{result.ErrorCount} error(s) in the sheet; fix them (or send skip_invalid_rows=true to leave bad rows out) and upload again."],
                });
            problem.Value!.Extensions["sheet_errors"] = result.Errors.Take(MaxListedErrors).ToList();
            problem.Value.Extensions["error_count"] = result.ErrorCount;
            return problem;
        }

        return TypedResults.Created($"{RestApi.Prefix}/batches/{batch.Id}",
            new BatchUploadReply(BatchResource.Of(batch), result.SkippedRows, result.ErrorCount, [.. result.Errors.Take(MaxListedErrors)]));
    }

    private static long? Number(IFormCollection form, string field, List<FieldError> errors, bool required = false)
    {
        var text = form[field].ToString().Trim();
        if (text.Length == 0)
        {
            if (required)
            {
                errors.Add(new FieldError(field, ErrorCodes.Required, $"{field} is required."));
            }

            return null;
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value) && value is >= int.MinValue and <= int.MaxValue)
        {
            return value;
        }

        errors.Add(new FieldError(field, ErrorCodes.WrongType, $"{field} must be a whole number."));
        return null;
    }

    private static RunPriority? Priority(StringValues value, List<FieldError> errors)
    {
        var text = value.ToString().Trim().ToLowerInvariant();
        if (text.Length == 0)
        {
            return null;
        }

        if (ContractName.TryParse<RunPriority>(text, out var priority))
        {
            return priority;
        }

        errors.Add(new FieldError(BatchErrorCodes.PriorityField, ErrorCodes.InvalidValue, "priority must be high, normal or low."));
        return null;
    }

    private static bool Flag(StringValues value, List<FieldError> errors)
    {
        switch (value.ToString().Trim().ToLowerInvariant())
        {
            case "" or "false" or "0" or "off":
                return false;
            case "true" or "1" or "on":
                return true;
            default:
                errors.Add(new FieldError(SkipInvalidRowsField, ErrorCodes.WrongType, "skip_invalid_rows must be true or false."));
                return false;
        }
    }
}

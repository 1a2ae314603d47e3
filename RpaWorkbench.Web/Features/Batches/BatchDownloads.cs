using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Web.Infrastructure.Api;

namespace RpaWorkbench.Web.Features.Batches;

/// <summary>The files of batches: a task's template, and a batch's result as <c>.xlsx</c> or <c>.csv</c>, streamed.</summary>
internal static class BatchDownloads
{
    public static async Task<IResult> TemplateAsync(long id, BatchService service, CancellationToken cancellationToken)
    {
        // A template is small: built first, so a refusal is still a problem answer, not a broken download.
        using var file = new MemoryStream();
        await service.WriteTemplateAsync(id, file, cancellationToken);
        return TypedResults.File(file.ToArray(), BatchesApi.XlsxContentType, string.Create(CultureInfo.InvariantCulture, $"batch-template-task-{id}.xlsx"));
    }

    public static async Task<IResult> ResultAsync(long id, HttpRequest request, BatchService service, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var format = QueryValues.Enum<BatchFileFormat>(request, BatchesApi.FormatField, errors) ?? BatchFileFormat.Xlsx;
        QueryValues.ThrowIfAny(errors);
        var batch = await service.GetAsync(id, cancellationToken) ?? throw BatchesApi.NotFound(id);
        var extension = ContractName.Of(format);
        return TypedResults.Stream(output => service.WriteResultAsync(batch.Id, format, output, cancellationToken),
            format == BatchFileFormat.Csv ? CsvFile.ContentType : BatchesApi.XlsxContentType,
            string.Create(CultureInfo.InvariantCulture, $"batch-{batch.Id}-result.{extension}"));
    }
}

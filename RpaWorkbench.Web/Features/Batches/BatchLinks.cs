using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Web.Features.Batches;

/// <summary>Addresses the batch pages link to, relative to the app base like every page link: the REST downloads work with the session cookie.</summary>
public static class BatchLinks
{
    public static string Detail(long id) => string.Create(CultureInfo.InvariantCulture, $"batches/{id}");

    /// <summary>The result workbook (<c>xlsx</c>) or CSV of a batch.</summary>
    public static string Result(long id, BatchFileFormat format) =>
        string.Create(CultureInfo.InvariantCulture, $"api/v1/batches/{id}/result?format={ContractName.Of(format)}");

    /// <summary>The empty sheet to fill for a task's batch: one column per parameter.</summary>
    public static string Template(long taskId) => string.Create(CultureInfo.InvariantCulture, $"api/v1/tasks/{taskId}/batch-template");

    /// <summary>Makes a link a download (the browser saves the file instead of leaving the page).</summary>
    public static Dictionary<string, object> Download => new() { ["download"] = "" };
}

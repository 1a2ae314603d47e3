using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Forms;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Web.Features.Batches;

/// <summary>
/// "Batch run" of a task: the template to fill, the sheet to upload (streamed to the service, which checks every row
/// before anything starts) and the batch's settings. A refused sheet shows its errors and offers the error report;
/// a created batch closes the dialog with its <see cref="BatchDetail"/>.
/// </summary>
public partial class BatchRunDialog : CoreFormDialog
{
    private IBrowserFile? _file;
    private string? _fileError;
    private string? _name;
    private RunPriority _priority = RunPriority.Normal;
    private int _maxRetries = BatchUpload.DefaultMaxRetries;
    private int? _concurrency;
    private bool _skipInvalidRows;
    private BatchCreateResult? _refused;

    /// <summary>The task whose runs the sheet's rows become.</summary>
    [Parameter, EditorRequired] public required TaskRow TaskToRun { get; set; }

    [Inject] public required BatchService Batches { get; init; }
    [Inject] public required IOptions<BatchOptions> Options { get; init; }

    private long MaxBytes => Options.Value.MaxFileSizeBytes;

    private long MaxMegabytes => MaxBytes / (1024 * 1024);

    /// <summary>Opens the dialog for <paramref name="task"/>; returns the batch it created, or null when the operator closed it.</summary>
    public static async Task<BatchDetail?> ShowAsync(IDialogService dialogs, string title, TaskRow task)
    {
        var parameters = new DialogParameters<BatchRunDialog> { { d => d.TaskToRun, task } };
        var dialog = await dialogs.ShowAsync<BatchRunDialog>(title, parameters, new DialogOptions { MaxWidth = MaxWidth.Medium, FullWidth = true });
        return await dialog.Result is { Canceled: false, Data: BatchDetail created } ? created : null;
    }

    private void FileChosen(IBrowserFile? file)
    {
        _file = file;
        _refused = null;
        _fileError = file is not null && file.Size > MaxBytes ? L["Batches.FileTooLarge", MaxMegabytes].Value : null;
    }

    private async Task StartAsync()
    {
        if (_file is not { } file)
        {
            _fileError = L["Batches.FileRequired"];
            return;
        }

        if (_fileError is not null)
        {
            return;
        }

        _refused = null;
        var result = await SubmitAsync(async () =>
        {
            // The browser's stream is read asynchronously by the service, which keeps a seekable copy on disk.
            await using var content = file.OpenReadStream(MaxBytes, Closing);
            return await Batches.CreateAsync(new BatchUpload(TaskToRun.Id, file.Name, content)
            {
                Name = string.IsNullOrWhiteSpace(_name) ? null : _name.Trim(),
                Priority = _priority,
                MaxRetries = _maxRetries,
                Concurrency = _concurrency,
                SkipInvalidRows = _skipInvalidRows,
            }, Closing);
        });

        if (result?.Batch is { } created)
        {
            Dialog.Close(DialogResult.Ok(created));
        }
        else
        {
            _refused = result;
        }
    }
}

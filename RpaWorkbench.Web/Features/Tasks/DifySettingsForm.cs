using RpaWorkbench.Core.Dify;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Web.Features.Tasks;

/// <summary>The Dify fields of the task dialog as the operator edits them; the key is never read back, only replaced.</summary>
public sealed class DifySettingsForm
{
    public string? BaseUrl { get; set; }
    public string? ApiKey { get; set; }
    public int? MaxConcurrency { get; set; }

    /// <summary>The task already has a key stored: a blank key keeps it.</summary>
    public bool KeySaved { get; private init; }

    public static DifySettingsForm From(DifyTaskView? view) => new()
    {
        BaseUrl = view?.BaseUrl,
        MaxConcurrency = view?.MaxConcurrency,
        KeySaved = view is not null,
    };

    /// <summary>What is saved: nothing when neither the address nor a key is given (the task runs on robots).</summary>
    public DifyTaskInput? ToInput() =>
        string.IsNullOrWhiteSpace(BaseUrl) && string.IsNullOrWhiteSpace(ApiKey) ? null : new DifyTaskInput(BaseUrl, ApiKey, MaxConcurrency);
}

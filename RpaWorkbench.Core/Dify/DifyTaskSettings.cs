namespace RpaWorkbench.Core.Dify;

/// <summary>
/// A task whose runs call a Dify workflow instead of a robot: each run posts its parameters as the workflow's
/// <c>inputs</c> to <c>{BaseUrl}/workflows/run</c> (blocking) and ends with the workflow's status and outputs.
/// </summary>
public sealed record DifyTaskSettings
{
    public const int MaxBaseUrlLength = 2048;
    public const int MaxProtectedKeyLength = 1024;
    public const int MaxConcurrencyLimit = 100;

    /// <summary>The Dify API's base, ending in <c>/v1</c> (<c>https://api.dify.ai/v1</c>, or a self-hosted one).</summary>
    public required string BaseUrl { get; init; }

    /// <summary>The app's API key (<c>app-…</c>), encrypted with ASP.NET Core Data Protection (<see cref="DifyApiKeys"/>); never shown again.</summary>
    public required string ApiKeyProtected { get; init; }

    /// <summary>At most this many runs of the task call Dify at once.</summary>
    public int MaxConcurrency { get; init; } = 5;
}

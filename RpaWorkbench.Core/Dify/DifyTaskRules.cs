namespace RpaWorkbench.Core.Dify;

/// <summary>What an operator types for a Dify task: the API key is write-only (blank keeps the stored one).</summary>
public sealed record DifyTaskInput(string? BaseUrl, string? ApiKey, int? MaxConcurrency);

/// <summary>
/// Checks a task's Dify settings and turns them into what is stored (the key encrypted). Field names are the REST
/// API's (<c>dify.base_url</c>); the dialog and the task service share them.
/// </summary>
public static class DifyTaskRules
{
    public const string BaseUrlField = "dify.base_url";
    public const string ApiKeyField = "dify.api_key";
    public const string MaxConcurrencyField = "dify.max_concurrency";
    public const int MaxApiKeyLength = 256;

    /// <summary>Stable code: the base URL is not one an admin allowed (<c>Workbench:Dify:AllowedBaseUrls</c>).</summary>
    public const string BaseUrlNotAllowedCode = "DifyBaseUrlNotAllowed";

    /// <summary>A typed key's refusal (a blank key is checked by <see cref="Resolve"/>: it may keep the stored one).</summary>
    public static FieldError? CheckApiKey(string? apiKey) => apiKey?.Trim() switch
    {
        { Length: > MaxApiKeyLength } => new FieldError(ApiKeyField, ErrorCodes.TooLong, $"The API key must be at most {MaxApiKeyLength} characters.", MaxApiKeyLength),
        { } key when key.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)) =>
            new FieldError(ApiKeyField, ErrorCodes.InvalidCharacters, "An API key has no spaces or control characters; copy it from Dify's API access page."),
        _ => null,
    };

    public static FieldError? CheckMaxConcurrency(int? concurrency) => concurrency is < 1 or > DifyTaskSettings.MaxConcurrencyLimit
        ? new FieldError(MaxConcurrencyField, ErrorCodes.OutOfRange,
            $"At most 1 to {DifyTaskSettings.MaxConcurrencyLimit} runs of a Dify task may run at once.", DifyTaskSettings.MaxConcurrencyLimit)
        : null;

    public static FieldError? CheckBaseUrlLength(string? baseUrl) => baseUrl?.Trim() is { Length: > DifyTaskSettings.MaxBaseUrlLength }
        ? new FieldError(BaseUrlField, ErrorCodes.TooLong, $"The base URL must be at most {DifyTaskSettings.MaxBaseUrlLength} characters.", DifyTaskSettings.MaxBaseUrlLength)
        : null;

    /// <summary>The settings to store, or the refusals. No input: no Dify settings (the task runs on robots).</summary>
    public static (DifyTaskSettings? Settings, IReadOnlyList<FieldError> Errors) Resolve(
        DifyTaskInput? input, DifyTaskSettings? stored, DifyOptions options, DifyApiKeys keys)
    {
        if (input is null)
        {
            return (null, []);
        }

        var errors = new List<FieldError>();
        var baseUrl = input.BaseUrl?.Trim().TrimEnd('/');
        if (string.IsNullOrEmpty(baseUrl))
        {
            errors.Add(new FieldError(BaseUrlField, ErrorCodes.Required, "A Dify task needs the Dify API base URL (e.g. https://api.dify.ai/v1)."));
        }
        else if (CheckBaseUrlLength(baseUrl) is { } tooLong)
        {
            errors.Add(tooLong);
        }
        else if (!options.Allows(baseUrl))
        {
            errors.Add(new FieldError(BaseUrlField, BaseUrlNotAllowedCode,
                $"{baseUrl} is not a Dify address this Workbench may call; an admin allows addresses in Workbench:Dify:AllowedBaseUrls."));
        }

        var apiKey = input.ApiKey?.Trim();
        if (string.IsNullOrEmpty(apiKey) && stored is null)
        {
            errors.Add(new FieldError(ApiKeyField, ErrorCodes.Required, "A Dify task needs the app's API key (app-…)."));
        }
        else if (CheckApiKey(apiKey) is { } keyError)
        {
            errors.Add(keyError);
        }

        var concurrency = input.MaxConcurrency ?? stored?.MaxConcurrency ?? 5;
        if (CheckMaxConcurrency(concurrency) is { } concurrencyError)
        {
            errors.Add(concurrencyError);
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var protectedKey = string.IsNullOrEmpty(apiKey) ? stored!.ApiKeyProtected : keys.Protect(apiKey);
        return (new DifyTaskSettings { BaseUrl = baseUrl!, ApiKeyProtected = protectedKey, MaxConcurrency = concurrency }, []);
    }
}

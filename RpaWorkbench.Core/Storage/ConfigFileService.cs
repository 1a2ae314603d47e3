namespace RpaWorkbench.Core.Storage;

/// <summary>
/// Stores and opens tasks' config files. It checks the file, not the caller: the task service (operators) and the robots'
/// upload endpoint (API keys) decide who may call it, as the webhook ingest does for callbacks.
/// </summary>
public sealed class ConfigFileService(IObjectStore store, ConfigFileRules rules)
{
    /// <summary>Validates the file and stores it under a new key for the task; returns the key (for <c>ConfigFileKey</c>).</summary>
    public async Task<string> StoreAsync(long taskId, string? fileName, Stream content, long length, CancellationToken cancellationToken)
    {
        var errors = rules.Validate(fileName, length);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var extension = ConfigFileRules.ExtensionOf(fileName!);
        var key = ObjectKeys.ForConfigFile(taskId, extension);
        try
        {
            await store.PutAsync(key, content, ContentTypes.ForExtension(extension), length, cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new ValidationFailedException([new FieldError(ConfigFileRules.Field, ErrorCodes.InvalidValue, ex.Message)]);
        }

        return key;
    }

    /// <summary>The stored config file for reading (dispose it), or null when it is gone.</summary>
    public Task<StoredObject?> OpenAsync(string key, CancellationToken cancellationToken) =>
        store.GetAsync(RequireConfigKey(key), cancellationToken);

    /// <summary>A time-limited direct download URL (S3), or null when the Workbench must serve the file itself.</summary>
    public Task<Uri?> GetDownloadUrlAsync(string key, CancellationToken cancellationToken) =>
        store.GetDownloadUrlAsync(RequireConfigKey(key), cancellationToken);

    /// <summary>Removes a config file that a task no longer refers to; a missing one is not an error.</summary>
    public Task DeleteAsync(string key, CancellationToken cancellationToken) => store.DeleteAsync(RequireConfigKey(key), cancellationToken);

    private static string RequireConfigKey(string key) => ObjectKeys.IsConfigFile(key) ? key : throw new InvalidObjectKeyException();
}

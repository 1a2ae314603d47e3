namespace RpaWorkbench.Core.Storage;

/// <summary>
/// What a task's config file may be: a plain file name (no folders), one of the allowed extensions, not empty and not
/// larger than <see cref="MaxBytes"/>. The task dialog and the robots' upload endpoint share these rules.
/// </summary>
public sealed class ConfigFileRules(IOptions<StorageOptions> options)
{
    /// <summary>The field errors name (as a form or an API caller would send it).</summary>
    public const string Field = "config_file";
    public const int MaxFileNameLength = 255;

    public long MaxBytes { get; } = options.Value.MaxConfigFileBytes;

    /// <summary>The allowed extensions, lower case with the dot (<c>.json</c>).</summary>
    public IReadOnlyList<string> AllowedExtensions { get; } =
        (options.Value.ConfigFileExtensions ?? [.. StorageOptions.DefaultConfigFileExtensions])
        .Select(e => e.ToLowerInvariant())
        .Distinct()
        .ToList();

    /// <summary>Every error in the file's name and size; empty when the file may be stored.</summary>
    public IReadOnlyList<FieldError> Validate(string? fileName, long length) =>
        new[] { CheckName(fileName), CheckSize(length) }.OfType<FieldError>().ToList();

    /// <summary>The extension to store a valid file name under (<c>.json</c>).</summary>
    public static string ExtensionOf(string fileName) => Path.GetExtension(fileName).ToLowerInvariant();

    private FieldError? CheckName(string? fileName)
    {
        if (string.IsNullOrWhiteSpace(fileName))
        {
            return new FieldError(Field, ErrorCodes.Required, "A config file needs a file name.");
        }

        if (fileName.Length > MaxFileNameLength)
        {
            return new FieldError(Field, ErrorCodes.TooLong, $"The file name must be at most {MaxFileNameLength} characters.", MaxFileNameLength);
        }

        // Old browsers send C:\fakepath\x.json; anything with folders, drives or '..' is refused, not trimmed.
        if (fileName.IndexOfAny(['/', '\\', ':']) >= 0 || fileName.Trim('.').Length == 0 || fileName.Any(char.IsControl))
        {
            return new FieldError(Field, ErrorCodes.InvalidFileName, "The file name must be a plain name such as settings.json, without folders.");
        }

        return AllowedExtensions.Contains(ExtensionOf(fileName))
            ? null
            : new FieldError(Field, ErrorCodes.FileTypeNotAllowed, $"Config files must be one of: {string.Join(' ', AllowedExtensions)}.");
    }

    private FieldError? CheckSize(long length)
    {
        if (length <= 0)
        {
            return new FieldError(Field, ErrorCodes.EmptyFile, "The config file is empty.");
        }

        return length > MaxBytes
            ? new FieldError(Field, ErrorCodes.FileTooLarge, $"The config file must be at most {MaxBytes} bytes.", (int)MaxBytes)
            : null;
    }
}

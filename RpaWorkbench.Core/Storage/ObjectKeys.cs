using System.Text.RegularExpressions;

namespace RpaWorkbench.Core.Storage;

/// <summary>
/// Object keys are made here, never taken from a user's path: lower-case folders of letters, digits, '-' and '_', then a
/// name with an extension (<c>config/42/0f8fad5bd9cb469fa16570867728950e.json</c>). So a key cannot climb out of the
/// store's root (no '..', '\', ':', leading '/'), means the same on case-insensitive disks, and no key is also the
/// folder of another key (folders have no '.'), which keeps the local folder and S3 behaving alike.
/// </summary>
public static partial class ObjectKeys
{
    public const int MaxLength = 256;

    /// <summary>The rule in words, for error messages.</summary>
    public const string Rule = "at most 256 characters: lower-case folders of a-z, 0-9, '-' or '_' separated by '/', "
                               + "then a file name of those characters with an extension (e.g. config/42/a1b2.json).";

    /// <summary>The folder of runs' screenshots and logs kept in the Workbench's store (the demo's, the simulated robot's).</summary>
    public const string RunFilesFolder = "runs";

    private const string ConfigFolder = "config";

    /// <summary>Whether <paramref name="key"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? key) => key is { Length: > 0 and <= MaxLength } && KeyPattern().IsMatch(key);

    /// <summary>Throws <see cref="InvalidObjectKeyException"/> unless the key is valid; stores call this before any I/O.</summary>
    public static void EnsureValid(string? key)
    {
        if (!IsValid(key))
        {
            throw new InvalidObjectKeyException();
        }
    }

    /// <summary>A new key for a task's config file: <c>config/{taskId}/{guid:N}{extension}</c>.</summary>
    public static string ForConfigFile(long taskId, string extension)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(taskId);
        var normalized = extension.ToLowerInvariant();
        if (!ExtensionPattern().IsMatch(normalized))
        {
            throw new ArgumentException("An extension is a dot and 1-16 letters or digits, e.g. .json.", nameof(extension));
        }

        return string.Create(CultureInfo.InvariantCulture, $"{ConfigFolder}/{taskId}/{Guid.NewGuid():N}{normalized}");
    }

    /// <summary>Whether a valid key was made by <see cref="ForConfigFile"/>.</summary>
    public static bool IsConfigFile(string? key) => IsValid(key) && key!.StartsWith(ConfigFolder + "/", StringComparison.Ordinal);

    /// <summary>Whether a valid key is a run's screenshot or log under <see cref="RunFilesFolder"/>.</summary>
    public static bool IsRunFile(string? key) => IsValid(key) && key!.StartsWith(RunFilesFolder + "/", StringComparison.Ordinal);

    /// <summary>The last part of a valid key (<c>a1b2.json</c>), used as a download's file name.</summary>
    public static string FileName(string key) => key[(key.LastIndexOf('/') + 1)..];

    // \z, not $: $ also matches before a final newline.
    [GeneratedRegex(@"^(?:[a-z0-9_-]+/)*[a-z0-9_-]+(?:\.[a-z0-9_-]+)+\z", RegexOptions.CultureInvariant)]
    private static partial Regex KeyPattern();

    [GeneratedRegex(@"^\.[a-z0-9]{1,16}\z", RegexOptions.CultureInvariant)]
    internal static partial Regex ExtensionPattern();
}

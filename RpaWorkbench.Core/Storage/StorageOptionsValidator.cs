using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace RpaWorkbench.Core.Storage;

/// <summary>
/// Refuses a storage configuration at start-up with messages that name the option. Values are quoted only where they
/// are harmless; <see cref="S3StorageOptions.SecretKey"/> and <see cref="S3StorageOptions.AccessKey"/> never are.
/// </summary>
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    public const long MaxConfigFileBytesLimit = 1024L * 1024 * 1024;
    private static readonly TimeSpan LongestPresign = TimeSpan.FromDays(7);

    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        var failures = new List<string>();
        const string section = StorageOptions.SectionName;
        if (!Enum.IsDefined(options.Provider))
        {
            failures.Add($"{section}:Provider must be Local or S3.");
        }

        if (options.MaxConfigFileBytes is < 1 or > MaxConfigFileBytesLimit)
        {
            failures.Add($"{section}:MaxConfigFileBytes must be between 1 and {MaxConfigFileBytesLimit} (1 GiB).");
        }

        failures.AddRange((options.ConfigFileExtensions ?? [])
            .Where(e => !ObjectKeys.ExtensionPattern().IsMatch(e.ToLowerInvariant()))
            .Select(e => $"{section}:ConfigFileExtensions: '{e}' is not an extension like .json (a dot and 1-16 letters or digits)."));

        if (options.ConfigUrlLifetime < TimeSpan.FromSeconds(1) || options.ConfigUrlLifetime > LongestPresign)
        {
            failures.Add($"{section}:ConfigUrlLifetime must be between 00:00:01 and 7.00:00:00.");
        }

        if (options.Provider == StorageProvider.S3)
        {
            failures.AddRange(ValidateS3(options.S3));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static IEnumerable<string> ValidateS3(S3StorageOptions s3)
    {
        const string section = S3StorageOptions.SectionName;
        const string when = "when Workbench:Storage:Provider is S3";
        if (!Uri.TryCreate(s3.ServiceUrl, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
        {
            yield return $"{section}:ServiceUrl must be an http or https URL {when} (e.g. https://oss-cn-hangzhou.aliyuncs.com).";
        }

        if (string.IsNullOrEmpty(s3.Bucket) || !BucketName().IsMatch(s3.Bucket))
        {
            yield return $"{section}:Bucket must be a bucket name {when}: 3-63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit.";
        }

        if (string.IsNullOrWhiteSpace(s3.AccessKey))
        {
            yield return $"{section}:AccessKey is required {when}.";
        }

        if (string.IsNullOrWhiteSpace(s3.SecretKey))
        {
            yield return $"{section}:SecretKey is required {when}; pass it as an environment variable or secret.";
        }

        if (string.IsNullOrEmpty(s3.Region) || !RegionName().IsMatch(s3.Region))
        {
            yield return $"{section}:Region must be a region name such as us-east-1 or oss-cn-hangzhou.";
        }

        if (s3.PresignExpiry < TimeSpan.FromSeconds(1) || s3.PresignExpiry > LongestPresign)
        {
            yield return $"{section}:PresignExpiry must be between 00:00:01 and 7.00:00:00 (the longest a signed URL can last).";
        }
    }

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\z", RegexOptions.CultureInvariant)]
    private static partial Regex BucketName();

    [GeneratedRegex(@"^[a-z0-9-]{1,64}\z", RegexOptions.CultureInvariant)]
    private static partial Regex RegionName();
}

using System.ComponentModel.DataAnnotations;

namespace RpaWorkbench.Core.Storage;

/// <summary><c>Workbench:Storage</c>. Values are quoted in messages only where they are harmless; the S3 keys never are.</summary>
public sealed class StorageOptions : IValidatableObject
{
    public const string SectionName = "Workbench:Storage";
    public const string DefaultLocalFolder = "objects";
    public const long DefaultMaxConfigFileBytes = 10 * 1024 * 1024;
    public const long MaxConfigFileBytesLimit = 1024L * 1024 * 1024;
    public static readonly TimeSpan DefaultConfigUrlLifetime = TimeSpan.FromHours(1);

    public static readonly IReadOnlyList<string> DefaultConfigFileExtensions =
        [".json", ".xlsx", ".xls", ".csv", ".txt", ".yaml", ".yml", ".ini", ".xml", ".zip"];

    [EnumDataType(typeof(StorageProvider), ErrorMessage = "{0} must be Local or S3.")]
    public StorageProvider Provider { get; set; } = StorageProvider.Local;

    /// <summary>
    /// Folder of the local store. Unset: <c>objects</c> next to the SQLite database (<c>data/objects</c>); a relative path is
    /// resolved against the content root. Always a full path once the options are built.
    /// </summary>
    public string? LocalRoot { get; set; }

    /// <summary>Largest config file an operator or robot may upload.</summary>
    [NumberRange(1, MaxConfigFileBytesLimit, ErrorMessage = "{0} must be between 1 and 1073741824 (1 GiB).")]
    public long MaxConfigFileBytes { get; set; } = DefaultMaxConfigFileBytes;

    /// <summary>
    /// Extensions a config file may have (<c>.json</c>); unset means <see cref="DefaultConfigFileExtensions"/>. Null rather
    /// than a filled list because the configuration binder appends to a list it finds instead of replacing it.
    /// </summary>
    [FileExtensionEntries]
    public string[]? ConfigFileExtensions { get; set; }

    /// <summary>
    /// How long a config file link the Workbench hands a robot (<c>config/get</c>, <c>config_file_url</c> in a start)
    /// works when it serves the file itself; an S3 store hands out presigned URLs, which last
    /// <see cref="S3StorageOptions.PresignExpiry"/>.
    /// </summary>
    [TimeSpanRange("00:00:01", "7.00:00:00")]
    public TimeSpan ConfigUrlLifetime { get; set; } = DefaultConfigUrlLifetime;

#pragma warning disable SYSLIB1212 // Not [ValidateObjectMembers]: the S3 settings are checked only when S3 is the store (Validate).
    public S3StorageOptions S3 { get; set; } = new();
#pragma warning restore SYSLIB1212

    /// <summary>The S3 settings are checked only when S3 is the store.</summary>
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) => Provider != StorageProvider.S3
        ? []
        : (ConfigurationKeys.Name(new S3StorageOptionsValidator().Validate(S3StorageOptions.SectionName, S3), S3StorageOptions.SectionName).Failures ?? [])
        .Select(failure => new ValidationResult(failure));
}

/// <summary><c>Workbench:Storage:S3</c>: an S3-compatible endpoint (Aliyun OSS, MinIO, AWS).</summary>
public sealed class S3StorageOptions
{
    public const string SectionName = StorageOptions.SectionName + ":S3";
    private const string WhenS3 = " when " + StorageOptions.SectionName + ":" + nameof(StorageOptions.Provider) + " is S3";
    private const string UrlMessage = "{0} must be an http or https URL" + WhenS3 + " (e.g. https://oss-cn-hangzhou.aliyuncs.com).";
    private const string BucketMessage =
        "{0} must be a bucket name" + WhenS3 + ": 3-63 lower-case letters, digits, '.' or '-', starting and ending with a letter or digit.";
    private const string RegionMessage = "{0} must be a region name such as us-east-1 or oss-cn-hangzhou.";

    /// <summary>The endpoint, e.g. <c>https://oss-cn-hangzhou.aliyuncs.com</c>.</summary>
    [Required(ErrorMessage = UrlMessage)]
    [HttpUrl(ErrorMessage = UrlMessage)]
    public string? ServiceUrl { get; set; }

    [Required(ErrorMessage = BucketMessage)]
    [RegularExpression("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", ErrorMessage = BucketMessage)]
    public string? Bucket { get; set; }

    [Required(ErrorMessage = "{0} is required" + WhenS3 + ".")]
    public string? AccessKey { get; set; }

    /// <summary>Secret: never logged, never part of a message.</summary>
    [Required(ErrorMessage = "{0} is required" + WhenS3 + "; pass it as an environment variable or secret.")]
    public string? SecretKey { get; set; }

    /// <summary>The region requests are signed for.</summary>
    [Required(ErrorMessage = RegionMessage)]
    [RegularExpression("^[a-z0-9-]{1,64}$", ErrorMessage = RegionMessage)]
    public string Region { get; set; } = "us-east-1";

    /// <summary>Bucket in the path (<c>host/bucket/key</c>) rather than in the host name.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>How long a download URL from <see cref="IObjectStore.GetDownloadUrlAsync"/> works.</summary>
    [TimeSpanRange("00:00:01", "7.00:00:00", ErrorMessage = "{0} must be between 00:00:01 and 7.00:00:00 (the longest a signed URL can last).")]
    public TimeSpan PresignExpiry { get; set; } = TimeSpan.FromMinutes(15);
}

[OptionsValidator]
internal sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>;

[OptionsValidator]
internal sealed partial class S3StorageOptionsValidator : IValidateOptions<S3StorageOptions>;

/// <summary>Every entry a file extension like <c>.json</c>.</summary>
internal sealed class FileExtensionEntriesAttribute : EntriesAttribute
{
    protected override string Expectation => "an extension like .json (a dot and 1-16 letters or digits)";

    protected override bool IsValidEntry(string entry) => ObjectKeys.ExtensionPattern().IsMatch(entry.ToLowerInvariant());
}

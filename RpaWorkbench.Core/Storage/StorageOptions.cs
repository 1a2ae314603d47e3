namespace RpaWorkbench.Core.Storage;

/// <summary><c>Workbench:Storage</c>.</summary>
public sealed class StorageOptions
{
    public const string SectionName = "Workbench:Storage";
    public const string DefaultLocalFolder = "objects";
    public const long DefaultMaxConfigFileBytes = 10 * 1024 * 1024;
    public static readonly TimeSpan DefaultConfigUrlLifetime = TimeSpan.FromHours(1);

    public static readonly IReadOnlyList<string> DefaultConfigFileExtensions =
        [".json", ".xlsx", ".xls", ".csv", ".txt", ".yaml", ".yml", ".ini", ".xml", ".zip"];

    public StorageProvider Provider { get; set; } = StorageProvider.Local;

    /// <summary>
    /// Folder of the local store. Unset: <c>objects</c> next to the SQLite database (<c>data/objects</c>); a relative path is
    /// resolved against the content root. Always a full path once the options are built.
    /// </summary>
    public string? LocalRoot { get; set; }

    /// <summary>Largest config file an operator or robot may upload.</summary>
    public long MaxConfigFileBytes { get; set; } = DefaultMaxConfigFileBytes;

    /// <summary>
    /// Extensions a config file may have (<c>.json</c>); unset means <see cref="DefaultConfigFileExtensions"/>. Null rather
    /// than a filled list because the configuration binder appends to a list it finds instead of replacing it.
    /// </summary>
    public string[]? ConfigFileExtensions { get; set; }

    /// <summary>
    /// How long a config file link the Workbench hands a robot (<c>config/get</c>, <c>config_file_url</c> in a start)
    /// works when it serves the file itself; an S3 store hands out presigned URLs, which last
    /// <see cref="S3StorageOptions.PresignExpiry"/>.
    /// </summary>
    public TimeSpan ConfigUrlLifetime { get; set; } = DefaultConfigUrlLifetime;

    public S3StorageOptions S3 { get; set; } = new();
}

/// <summary><c>Workbench:Storage:S3</c>: an S3-compatible endpoint (Aliyun OSS, MinIO, AWS).</summary>
public sealed class S3StorageOptions
{
    public const string SectionName = StorageOptions.SectionName + ":S3";

    /// <summary>The endpoint, e.g. <c>https://oss-cn-hangzhou.aliyuncs.com</c>.</summary>
    public string? ServiceUrl { get; set; }

    public string? Bucket { get; set; }

    public string? AccessKey { get; set; }

    /// <summary>Secret: never logged, never part of a message.</summary>
    public string? SecretKey { get; set; }

    /// <summary>The region requests are signed for.</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Bucket in the path (<c>host/bucket/key</c>) rather than in the host name.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>How long a download URL from <see cref="IObjectStore.GetDownloadUrlAsync"/> works.</summary>
    public TimeSpan PresignExpiry { get; set; } = TimeSpan.FromMinutes(15);
}

namespace RpaWorkbench.Core.Storage;

/// <summary>Which <see cref="IObjectStore"/> the Workbench uses (<c>Workbench:Storage:Provider</c>).</summary>
public enum StorageProvider
{
    /// <summary>A folder on this machine (<see cref="LocalFolderObjectStore"/>).</summary>
    Local,

    /// <summary>An S3-compatible bucket such as Aliyun OSS (<see cref="S3ObjectStore"/>).</summary>
    S3,
}

namespace RpaWorkbench.Core.Storage;

internal static class StorageSettings
{
    /// <summary>
    /// <c>Workbench:Storage</c>, with the local store's folder made a full path: unset, <see cref="StorageOptions.DefaultLocalFolder"/>
    /// in <paramref name="dataFolder"/>; relative, against <paramref name="contentRoot"/>.
    /// </summary>
    public static IServiceCollection AddStorageOptions(this IServiceCollection services, string contentRoot, string dataFolder)
    {
        services.AddWorkbenchOptions<StorageOptions, StorageOptionsValidator>(StorageOptions.SectionName, SettingsGroups.Storage, s => s
                .Add(o => o.Provider, "Settings.StorageProvider")
                .Add(o => o.LocalRoot, "Settings.LocalRoot", defaultText: $"({StorageOptions.DefaultLocalFolder} next to the database)")
                .Add(o => o.MaxConfigFileBytes, "Settings.MaxConfigFileBytes")
                .Add(o => o.ConfigFileExtensions, "Settings.ConfigFileExtensions", extensions => SettingsBuilder.Text(extensions ?? StorageOptions.DefaultConfigFileExtensions))
                .Add(o => o.ConfigUrlLifetime, "Settings.ConfigUrlLifetime")
                .Add(o => o.S3.ServiceUrl, "Settings.S3ServiceUrl")
                .Add(o => o.S3.Bucket, "Settings.S3Bucket")
                .Add(o => o.S3.Region, "Settings.S3Region")
                .Add(o => o.S3.ForcePathStyle, "Settings.S3ForcePathStyle")
                .Add(o => o.S3.PresignExpiry, "Settings.S3PresignExpiry")
                .Secret(o => o.S3.AccessKey, "Settings.S3AccessKey")
                .Secret(o => o.S3.SecretKey, "Settings.S3SecretKey"))
            .PostConfigure(o => o.LocalRoot = Path.GetFullPath(
                string.IsNullOrWhiteSpace(o.LocalRoot) ? Path.Combine(dataFolder, StorageOptions.DefaultLocalFolder) : o.LocalRoot,
                contentRoot));
        return services;
    }
}

using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using RpaWorkbench.Core.Configuration;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Redis;
using StackExchange.Redis;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// The keys that protect sign-in cookies and antiforgery tokens, kept in a folder (by default <c>keys</c> next to the
/// database file) so a restart keeps everyone signed in. The application name is fixed, so instances that share the
/// folder (<c>Workbench:DataProtection:KeysDirectory</c>) read each other's cookies. With <c>ConnectionStrings:Redis</c>
/// the key ring lives in Redis instead (<see cref="RedisOptions.DataProtectionKey"/>), so every instance behind a load
/// balancer accepts the cookies any of them issued.
/// </summary>
public static class DataProtectionSetup
{
    public const string SectionName = "Workbench:DataProtection";
    public const string ApplicationName = "RpaWorkbench";

    public static void AddWorkbenchDataProtection(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtectionSettings();
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName(ApplicationName);
        if (RedisOptions.ConnectionString(builder.Configuration) is null)
        {
            dataProtection.PersistKeysToFileSystem(KeysDirectory(builder.Configuration, builder.Environment.ContentRootPath));
            return;
        }

        // What PersistKeysToStackExchangeRedis does, on the instance's one Redis connection (also the event stream's).
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IConnectionMultiplexer, IOptions<RedisOptions>>((keys, redis, options) =>
            keys.XmlRepository = new RedisXmlRepository(() => redis.GetDatabase(), options.Value.DataProtectionKey));
    }

    /// <summary>Where the keys are kept, for the settings page and docs/configuration.md.</summary>
    public static IServiceCollection AddDataProtectionSettings(this IServiceCollection services) =>
        services.AddSettings(new SettingsBuilder(SettingsGroups.Redis)
            .Value($"{SectionName}:KeysDirectory", "Settings.DataProtectionKeys", "(keys next to the database)", KeysInUse)
            .Build());

    private static string KeysInUse(IServiceProvider services) =>
        services.GetRequiredService<IOptions<KeyManagementOptions>>().Value.XmlRepository switch
        {
            FileSystemXmlRepository folder => folder.Directory.FullName,
            null => "",
            _ => $"Redis: {services.GetRequiredService<IOptions<RedisOptions>>().Value.DataProtectionKey}",
        };

    /// <summary>
    /// <c>Workbench:DataProtection:KeysDirectory</c> (relative to the content root), else <c>keys</c> in the database's
    /// folder. Created readable by this user only: the keys sign every session.
    /// </summary>
    public static DirectoryInfo KeysDirectory(IConfiguration configuration, string contentRoot)
    {
        var configured = configuration[$"{SectionName}:KeysDirectory"];
        var path = string.IsNullOrWhiteSpace(configured)
            ? Path.Combine(SqliteConnectionString.DataDirectory(configuration.GetConnectionString(DatabaseOptions.ConnectionStringName), contentRoot), "keys")
            : Path.GetFullPath(configured, contentRoot);
        if (!Directory.Exists(path))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(path);
            }
            else
            {
                Directory.CreateDirectory(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        return new DirectoryInfo(path);
    }
}

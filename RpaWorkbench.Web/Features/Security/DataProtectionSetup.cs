using Microsoft.AspNetCore.DataProtection;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Web.Features.Security;

/// <summary>
/// The keys that protect sign-in cookies and antiforgery tokens, kept in a folder (by default <c>keys</c> next to the
/// database file) so a restart keeps everyone signed in. The application name is fixed, so instances that share the
/// folder (<c>Workbench:DataProtection:KeysDirectory</c>) read each other's cookies.
/// </summary>
public static class DataProtectionSetup
{
    public const string SectionName = "Workbench:DataProtection";
    public const string ApplicationName = "RpaWorkbench";

    public static void AddWorkbenchDataProtection(this IHostApplicationBuilder builder)
    {
        var keys = KeysDirectory(builder.Configuration, builder.Environment.ContentRootPath);
        builder.Services.AddDataProtection()
            .PersistKeysToFileSystem(keys)
            .SetApplicationName(ApplicationName);
    }

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

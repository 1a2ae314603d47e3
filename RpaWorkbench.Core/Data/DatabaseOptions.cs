using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace RpaWorkbench.Core.Data;

/// <summary><c>Workbench:Database</c>.</summary>
public sealed class DatabaseOptions
{
    public const string SectionName = "Workbench:Database";
    public const string ConnectionStringName = "Workbench";
    public const string DefaultConnectionString = "Data Source=data/workbench.db";

    /// <summary>Which database <c>ConnectionStrings:Workbench</c> points at: a SQLite file (default) or a PostgreSQL server.</summary>
    [EnumDataType(typeof(DatabaseProvider), ErrorMessage = "{0} must be Sqlite or PostgreSQL.")]
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>How long a writer waits for SQLite's lock before giving up.</summary>
    [TimeSpanRange("00:00:00", "00:05:00")]
    public TimeSpan BusyTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How often a background task copies the WAL into the database file (and the webhook writer the last frames,
    /// so the log starts over). Short keeps each checkpoint's disk flush, which commits queue behind, short. Zero
    /// leaves it to SQLite, which then checkpoints inside whichever commit crosses 1,000 pages — usually the webhook
    /// writer's. SQLite only.
    /// </summary>
    [TimeSpanRange("00:00:00", "00:01:00")]
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// The options as configured, read when the services are registered (the database is chosen then). An unknown
    /// provider stops start-up with a message naming the setting instead of the binder's conversion error.
    /// </summary>
    public static DatabaseOptions Read(IConfiguration configuration)
    {
        var section = configuration.GetSection(SectionName);
        var provider = section[nameof(Provider)];
        if (!string.IsNullOrWhiteSpace(provider) && !Enum.TryParse<DatabaseProvider>(provider, ignoreCase: true, out _))
        {
            throw new InvalidOperationException(
                $"{SectionName}:{nameof(Provider)} is '{provider}'; it must be {DatabaseProvider.Sqlite} or {DatabaseProvider.PostgreSQL}.");
        }

        return section.Get<DatabaseOptions>() ?? new DatabaseOptions();
    }
}

[OptionsValidator]
internal sealed partial class DatabaseOptionsValidator : IValidateOptions<DatabaseOptions>;

internal static class DatabaseServiceCollectionExtensions
{
    public static IServiceCollection AddDatabaseOptions(this IServiceCollection services)
    {
        services.AddWorkbenchOptions<DatabaseOptions, DatabaseOptionsValidator>(DatabaseOptions.SectionName, SettingsGroups.Database, s => s
            .Add(o => o.Provider, "Settings.DatabaseProvider")
            .Add(o => o.BusyTimeout, "Settings.BusyTimeout")
            .Add(o => o.CheckpointInterval, "Settings.CheckpointInterval"));
        services.AddSettings(new SettingsBuilder(SettingsGroups.Database)
            .Value($"ConnectionStrings:{DatabaseOptions.ConnectionStringName}", "Settings.DataLocation", DatabaseOptions.DefaultConnectionString, DataLocation)
            .Build());
        return services;
    }

    // Only where the data is: the rest of a connection string may carry a password.
    private static string DataLocation(IServiceProvider services)
    {
        using var db = services.GetRequiredService<IDbContextFactory<WorkbenchDbContext>>().CreateDbContext();
        if (db.Database.IsSqlite())
        {
            return new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource;
        }

        var server = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
        return $"{server.Username}@{server.Host}:{server.Port}/{server.Database}";
    }
}

public enum DatabaseProvider
{
    Sqlite,
    PostgreSQL,
}

using System.Data.Common;
using Npgsql;

namespace RpaWorkbench.Core.Data;

/// <summary>What differs between the two database providers, for the code that talks to a plain connection.</summary>
public static class WorkbenchDatabase
{
    /// <summary>The assembly holding the PostgreSQL migrations (the SQLite ones are in the Core, under Data/Migrations).</summary>
    public const string PostgreSqlMigrationsAssembly = "RpaWorkbench.Migrations.PostgreSql";

    public static bool IsPostgreSql(DbConnection connection) => connection is NpgsqlConnection;

    /// <summary>
    /// A <see cref="DateOnly"/> as a parameter value: SQLite keeps the day as EF Core stores it (ISO text), PostgreSQL as a
    /// <c>date</c>.
    /// </summary>
    public static object Day(DbConnection connection, DateOnly day) =>
        IsPostgreSql(connection) ? day : day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
}

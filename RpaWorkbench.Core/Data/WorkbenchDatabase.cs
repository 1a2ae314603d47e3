using System.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;
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

    /// <summary>
    /// A write transaction that waits for every other one begun the same way under the same <paramref name="lockKey"/>,
    /// and then sees what they committed (check-then-write rules such as "one admin remains"). SQLite: BEGIN IMMEDIATE
    /// (its Serializable), which waits for any writer. PostgreSQL: READ COMMITTED plus a transaction-scoped advisory
    /// lock, so callers queue instead of failing with serialization errors as its Serializable would make them.
    /// </summary>
    public static async Task<IDbContextTransaction> BeginExclusiveAsync(DatabaseFacade database, long lockKey, CancellationToken cancellationToken)
    {
        if (!database.IsNpgsql())
        {
            return await database.BeginTransactionAsync(IsolationLevel.Serializable, cancellationToken);
        }

        var transaction = await database.BeginTransactionAsync(cancellationToken);
        await database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({lockKey})", cancellationToken);
        return transaction;
    }
}

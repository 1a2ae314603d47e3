using Microsoft.Data.Sqlite;
using Npgsql;

namespace RpaWorkbench.Core.Data;

/// <summary>Recognises constraint violations in database exceptions (SQLite or PostgreSQL), so races surface as rule messages, not 500s.</summary>
internal static class DbErrors
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintForeignKey = 787;

    public static bool IsUniqueViolation(Exception exception) =>
        Find(exception) switch
        {
            SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteConstraintUnique or SqliteConstraintPrimaryKey,
            PostgresException postgres => postgres.SqlState == PostgresErrorCodes.UniqueViolation,
            _ => false,
        };

    /// <summary>
    /// Saves <paramref name="db"/>; a row someone else changed since it was read throws <paramref name="conflict"/>, a
    /// unique key another caller took between the check and the save throws <paramref name="duplicate"/>.
    /// </summary>
    public static async Task SaveAsync(DbContext db, Func<Exception> conflict, Func<Exception> duplicate, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw conflict();
        }
        catch (DbUpdateException ex) when (IsUniqueViolation(ex))
        {
            throw duplicate();
        }
    }

    public static bool IsForeignKeyViolation(Exception exception) =>
        Find(exception) switch
        {
            SqliteException sqlite => sqlite.SqliteExtendedErrorCode is SqliteConstraintForeignKey,
            PostgresException postgres => postgres.SqlState == PostgresErrorCodes.ForeignKeyViolation,
            _ => false,
        };

    private static Exception? Find(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SqliteException or PostgresException)
            {
                return exception;
            }
        }

        return null;
    }
}

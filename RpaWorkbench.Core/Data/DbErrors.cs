using Microsoft.Data.Sqlite;

namespace RpaWorkbench.Core.Data;

/// <summary>Recognises constraint violations in database exceptions, so races surface as rule messages, not 500s.</summary>
public static class DbErrors
{
    private const int SqliteConstraintUnique = 2067;
    private const int SqliteConstraintPrimaryKey = 1555;
    private const int SqliteConstraintForeignKey = 787;

    public static bool IsUniqueViolation(Exception exception) =>
        SqliteCode(exception) is SqliteConstraintUnique or SqliteConstraintPrimaryKey;

    public static bool IsForeignKeyViolation(Exception exception) =>
        SqliteCode(exception) is SqliteConstraintForeignKey;

    private static int? SqliteCode(Exception? exception)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is SqliteException sqlite)
            {
                return sqlite.SqliteExtendedErrorCode;
            }
        }

        return null;
    }
}

using System.Data.Common;
using Microsoft.Data.Sqlite;
using static RpaWorkbench.Core.Data.PreparedCommands;

namespace RpaWorkbench.Core.Data;

/// <summary>
/// A statement prepared once and run many times on the hot paths that bypass EF Core (the ingest writer's per-callback
/// statements, the roll-ups). On SQLite it runs through SQLitePCL directly (<see cref="SqliteHotStatement"/>): at
/// thousands of callbacks a second Microsoft.Data.Sqlite's command, parameter and reader objects cost about as much as
/// SQLite's own insert. On PostgreSQL it is a prepared <see cref="DbCommand"/>.
/// </summary>
internal abstract class HotStatement : IDisposable
{
    /// <summary>
    /// An <see cref="AppContext"/> switch: when on, statements prepared from then on use Microsoft.Data.Sqlite's prepared
    /// commands on SQLite too. Only the writer benchmark (<c>-- writer</c>) sets it, to weigh the two ways in one run.
    /// </summary>
    public const string PreparedCommandsOnSqlite = "RpaWorkbench.Data.HotStatement.PreparedCommandsOnSqlite";

    /// <param name="parameters">The names of the statement's <c>@name</c> parameters, in the order <see cref="Run"/> takes values.</param>
    public static HotStatement Prepare(DbConnection connection, string sql, params string[] parameters) =>
        connection is SqliteConnection sqlite && !(AppContext.TryGetSwitch(PreparedCommandsOnSqlite, out var commands) && commands)
            ? new SqliteHotStatement(sqlite, sql, parameters)
            : new CommandHotStatement(PreparedCommands.Prepare(connection, sql, parameters));

    /// <summary>Binds the values (null is SQL NULL), runs the statement and returns the first column of its first row, if any.</summary>
    public abstract long? Run(params object?[] values);

    /// <summary>Runs the statement in this transaction from now on (SQLite: always the connection's open one).</summary>
    public virtual void Enlist(DbTransaction? transaction)
    {
    }

    public abstract void Dispose();

    private sealed class CommandHotStatement(DbCommand command) : HotStatement
    {
        public override long? Run(params object?[] values)
        {
            Bind(command, values);
            return command.ExecuteScalar() is { } value and not DBNull ? Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture) : null;
        }

        public override void Enlist(DbTransaction? transaction) => command.Transaction = transaction;

        public override void Dispose() => command.Dispose();
    }
}

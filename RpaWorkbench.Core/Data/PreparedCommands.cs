using System.Data.Common;

namespace RpaWorkbench.Core.Data;

/// <summary>Prepared statements on a plain connection, for the hot paths that bypass EF Core (ingest, roll-up).</summary>
internal static class PreparedCommands
{
    /// <summary>
    /// A prepared command with one <c>@name</c> parameter per name, in order. On PostgreSQL the statement is prepared
    /// by Npgsql when first run (it needs the parameters' types, known only once bound).
    /// </summary>
    public static DbCommand Prepare(DbConnection connection, string sql, params string[] parameters)
    {
        var command = connection.CreateCommand();
#pragma warning disable CA2100 // constant SQL built by the callers from their own column lists
        command.CommandText = sql;
#pragma warning restore CA2100
        foreach (var name in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            command.Parameters.Add(parameter);
        }

        if (!WorkbenchDatabase.IsPostgreSql(connection))
        {
            command.Prepare();
        }

        return command;
    }

    /// <summary>Sets the parameters in order; null becomes SQL NULL.</summary>
    public static void Bind(DbCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }
    }
}

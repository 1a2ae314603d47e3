using Npgsql;

namespace RpaWorkbench.Core.Data;

/// <summary>The Workbench's defaults for an Npgsql connection string, where the operator did not choose otherwise.</summary>
internal static class PostgreSqlConnectionString
{
    /// <summary>How many statements each physical connection keeps prepared when the connection string does not say.</summary>
    public const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// Turns on Npgsql's automatic statement preparation (off by default): the ingest writer and the pages run the same
    /// few statements over and over, and without it PostgreSQL parses and plans each one every time (the ingest
    /// benchmark measured 646 callbacks/s without, 999 with). An explicit <c>Max Auto Prepare</c> is kept.
    /// </summary>
    public static string Prepare(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!connectionString.Replace(" ", "", StringComparison.Ordinal).Contains("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase))
        {
            builder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        return builder.ConnectionString;
    }
}

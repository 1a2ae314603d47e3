using Microsoft.Data.Sqlite;

namespace RpaWorkbench.Core.Data;

/// <summary>Makes a configured SQLite connection string usable: relative files resolved against the content root, folder created.</summary>
public static class SqliteConnectionString
{
    public static string Prepare(string? configured, string contentRoot)
    {
        var builder = Parse(configured, contentRoot);
        if (IsFile(builder))
        {
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The folder that holds the database file, where what belongs with the data lives too (sign-in keys, stored objects); for an
    /// in-memory database or a server's connection string (PostgreSQL), the default data folder under the content root.
    /// </summary>
    public static string DataDirectory(string? configured, string contentRoot)
    {
        var builder = IsSqlite(configured) ? Parse(configured, contentRoot) : new SqliteConnectionStringBuilder();
        return IsFile(builder)
            ? Path.GetDirectoryName(builder.DataSource)!
            : Path.GetDirectoryName(Parse(DatabaseOptions.DefaultConnectionString, contentRoot).DataSource)!;
    }

    private static SqliteConnectionStringBuilder Parse(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
            ? DatabaseOptions.DefaultConnectionString
            : configured);
        if (IsFile(builder))
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
        }

        return builder;
    }

    private static bool IsSqlite(string? configured)
    {
        try
        {
            _ = new SqliteConnectionStringBuilder(configured);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static bool IsFile(SqliteConnectionStringBuilder builder) =>
        builder.Mode != SqliteOpenMode.Memory && !string.IsNullOrEmpty(builder.DataSource) && builder.DataSource != ":memory:";
}

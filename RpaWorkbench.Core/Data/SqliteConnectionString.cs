using Microsoft.Data.Sqlite;

namespace RpaWorkbench.Core.Data;

/// <summary>Makes a configured SQLite connection string usable: relative files resolved against the content root, folder created.</summary>
public static class SqliteConnectionString
{
    public static string Prepare(string? configured, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(string.IsNullOrWhiteSpace(configured)
            ? DatabaseOptions.DefaultConnectionString
            : configured);

        var isFile = builder.Mode != SqliteOpenMode.Memory
                     && !string.IsNullOrEmpty(builder.DataSource)
                     && builder.DataSource != ":memory:";
        if (isFile)
        {
            builder.DataSource = Path.GetFullPath(builder.DataSource, contentRoot);
            Directory.CreateDirectory(Path.GetDirectoryName(builder.DataSource)!);
        }

        return builder.ToString();
    }

    /// <summary>
    /// The folder the Workbench keeps its files in (such as stored objects): the SQLite file's folder, or
    /// <c>{contentRoot}/data</c> for an in-memory database.
    /// </summary>
    public static string DataFolder(string preparedConnectionString, string contentRoot)
    {
        var builder = new SqliteConnectionStringBuilder(preparedConnectionString);
        return Path.IsPathFullyQualified(builder.DataSource)
            ? Path.GetDirectoryName(builder.DataSource)!
            : Path.Combine(contentRoot, "data");
    }
}

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
}

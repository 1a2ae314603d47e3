namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>A throw-away folder for one test's SQLite file; deleted on dispose.</summary>
public sealed class TempDirectory : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("rpa-workbench-test-").FullName;

    /// <summary>A connection string to a fresh SQLite file in this folder (unpooled, so the file can be deleted).</summary>
    public string SqliteConnectionString(string name = "workbench.db") => SqliteConnectionStringIn(Path, name);

    /// <summary>The same connection string for a file in any folder (e.g. another host's).</summary>
    public static string SqliteConnectionStringIn(string folder, string name = "workbench.db") =>
        $"Data Source={System.IO.Path.Combine(folder, name)};Pooling=False";

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A server still closing its file; the OS temp cleaner takes it later.
        }
    }
}

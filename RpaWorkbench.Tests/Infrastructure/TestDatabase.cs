using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// A test's own PostgreSQL database, dropped on dispose by the host that created it; null for SQLite, whose file lives
/// in the host's temporary folder.
/// </summary>
public sealed class TestDatabase : IDisposable
{
    private readonly bool _owner;

    private TestDatabase(string connectionString, bool owner)
    {
        ConnectionString = connectionString;
        _owner = owner;
    }

    public DatabaseProvider Provider => DatabaseProvider.PostgreSQL;

    public string ConnectionString { get; }

    public static TestDatabase? Create(DatabaseProvider provider) =>
        provider == DatabaseProvider.PostgreSQL ? new TestDatabase(PostgresServerFixture.CreateDatabase(), owner: true) : null;

    /// <summary>The same database for another host, which leaves dropping it to this one.</summary>
    public TestDatabase Shared() => new(ConnectionString, owner: false);

    public void Dispose()
    {
        if (_owner)
        {
            PostgresServerFixture.DropDatabase(ConnectionString);
        }
    }
}

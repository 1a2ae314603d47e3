using Microsoft.Data.Sqlite;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Tests.Infrastructure;

namespace RpaWorkbench.Tests.Data;

/// <summary>
/// The ingest writer's statements bypass Microsoft.Data.Sqlite's binding; what they store must be byte for byte what it
/// (and so EF Core) stores, or EF's queries would miss rows: compared value by value against a SqliteCommand.
/// </summary>
public sealed class SqliteHotStatementTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly SqliteConnection _connection;

    public SqliteHotStatementTests()
    {
        _connection = new SqliteConnection(_directory.SqliteConnectionString());
        _connection.Open();
        Execute("""CREATE TABLE "Sample" ("Id" INTEGER PRIMARY KEY AUTOINCREMENT, "Key" TEXT UNIQUE, "Value")""");
    }

    public static IEnumerable<object?[]> Values() =>
    [
        [null],
        [""],
        ["云仓收藏 - 超时 ✓"],
        [42L],
        [-7],
        [true],
        [false],
        [1800.25],
        [new DateTime(2026, 11, 25, 8, 0, 0, DateTimeKind.Utc)],
        [new DateTime(2026, 11, 25, 8, 0, 0, 123, DateTimeKind.Utc).AddTicks(4567)],
        [new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Unspecified)],
        [new byte[] { 0, 1, 2, 255 }],
    ];

    [Theory]
    [MemberData(nameof(Values))]
    public void Stores_ExactlyWhatMicrosoftDataSqliteStores(object? value)
    {
        using (var command = _connection.CreateCommand())
        {
            command.CommandText = """INSERT INTO "Sample" ("Key", "Value") VALUES ('command', @Value)""";
            command.Parameters.AddWithValue("@Value", value ?? DBNull.Value);
            command.ExecuteNonQuery();
        }

        using (var statement = new SqliteHotStatement(_connection, """INSERT INTO "Sample" ("Key", "Value") VALUES ('hot', @Value)""", ["Value"]))
        {
            statement.Run(value);
        }

        var stored = Rows("""SELECT "Key", typeof("Value"), quote("Value") FROM "Sample" ORDER BY "Key" """);
        Assert.Equal(2, stored.Count);
        Assert.Equal(stored[0][1..], stored[1][1..]);
    }

    [Fact]
    public void Run_ReturnsTheFirstColumn_OrNullWhenThereIsNoRow()
    {
        using var insert = new SqliteHotStatement(_connection, """INSERT INTO "Sample" ("Key") VALUES (@Key) RETURNING "Id" """, ["Key"]);
        using var find = new SqliteHotStatement(_connection, """SELECT "Id" FROM "Sample" WHERE "Key" = @Key""", ["Key"]);

        var first = insert.Run("a");
        var second = insert.Run("b");

        Assert.Equal(1, first);
        Assert.Equal(2, second);
        Assert.Equal(2, find.Run("b"));
        Assert.Null(find.Run("missing"));
    }

    [Fact]
    public void AFailedRun_ThrowsSqliteException_AndTheStatementRunsAgain()
    {
        using var insert = new SqliteHotStatement(_connection, """INSERT INTO "Sample" ("Key") VALUES (@Key) RETURNING "Id" """, ["Key"]);
        insert.Run("same");

        var error = Assert.Throws<SqliteException>(() => insert.Run("same"));

        Assert.Equal(19, error.SqliteErrorCode); // SQLITE_CONSTRAINT
        Assert.NotNull(insert.Run("other"));
    }

    [Fact]
    public void RunsInTheConnectionsTransaction()
    {
        using var insert = new SqliteHotStatement(_connection, """INSERT INTO "Sample" ("Key") VALUES (@Key)""", ["Key"]);
        using (var transaction = _connection.BeginTransaction())
        {
            insert.Run("rolled back");
            transaction.Rollback();
        }

        Assert.Empty(Rows("""SELECT "Key" FROM "Sample" """));
    }

    [Fact]
    public void Prepare_RefusesAParameterTheStatementDoesNotHave()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            new SqliteHotStatement(_connection, """INSERT INTO "Sample" ("Key") VALUES (@Key)""", ["Value"]));

        Assert.Contains("@Value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RefusesAValueItCannotStoreExactly()
    {
        using var insert = new SqliteHotStatement(_connection, """INSERT INTO "Sample" ("Value") VALUES (@Value)""", ["Value"]);

        Assert.Throws<ArgumentException>(() => insert.Run(12.5m));
        Assert.Empty(Rows("""SELECT "Key" FROM "Sample" """));
    }

    public void Dispose()
    {
        _connection.Dispose();
        _directory.Dispose();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private List<string?[]> Rows(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            rows.Add([.. Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : reader.GetValue(i).ToString())]);
        }

        return rows;
    }
}

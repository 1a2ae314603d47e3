using Npgsql;
using RpaWorkbench.Shared;
using RpaWorkbench.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(PostgresServerFixture))]

namespace RpaWorkbench.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL server the tests share: the one named by <c>WORKBENCH_TEST_POSTGRES</c> (an Npgsql connection string
/// of a superuser) if set, else a <see cref="ThrowawayPostgresServer"/> started the first time a test needs one and
/// stopped when the test run ends, so <c>./test.sh</c> and a plain <c>dotnet test</c> run alike. Each test gets its own
/// database (<see cref="CreateDatabase"/>).
/// </summary>
public sealed class PostgresServerFixture : IAsyncDisposable
{
    public const string ServerVariable = "WORKBENCH_TEST_POSTGRES";

    /// <summary>In every test database's connection string (the throw-away server trusts loopback and never asks for it), so pages can be checked for it.</summary>
    public const string Password = "test-postgres-password-never-shown";

    private static readonly Lazy<ThrowawayPostgresServer?> Throwaway = new(() =>
        string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ServerVariable)) ? ThrowawayPostgresServer.Start() : null);

    private static string ServerConnectionString =>
        Environment.GetEnvironmentVariable(ServerVariable) is { Length: > 0 } configured ? configured : Throwaway.Value!.ConnectionString();

    /// <summary>Creates an empty database with a random name and returns its connection string.</summary>
    public static string CreateDatabase()
    {
        var name = "workbench_test_" + Guid.NewGuid().ToString("N");
        Execute($"CREATE DATABASE \"{name}\"");
        var builder = new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = name };
        builder.Password ??= Password;
        return builder.ConnectionString;
    }

    /// <summary>Drops a database <see cref="CreateDatabase"/> made, closing whatever connections still use it.</summary>
    public static void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    public ValueTask DisposeAsync()
    {
        if (Throwaway.IsValueCreated)
        {
            NpgsqlConnection.ClearAllPools();
            Throwaway.Value?.Dispose();
        }

        return ValueTask.CompletedTask;
    }

    private static void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = "postgres", Pooling = false }.ConnectionString);
        connection.Open();
        using var command = connection.CreateCommand();
#pragma warning disable CA2100 // names generated above, never input
        command.CommandText = sql;
#pragma warning restore CA2100
        command.ExecuteNonQuery();
    }
}

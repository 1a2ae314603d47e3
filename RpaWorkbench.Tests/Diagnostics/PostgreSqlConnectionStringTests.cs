using Npgsql;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Tests.Diagnostics;

public sealed class PostgreSqlConnectionStringTests
{
    [Fact]
    public void Prepare_TurnsOnAutomaticPreparation_KeepingEverythingElse()
    {
        var prepared = new NpgsqlConnectionStringBuilder(
            PostgreSqlConnectionString.Prepare("Host=db.internal;Port=5433;Database=workbench;Username=wb;Password=s3cret"));

        Assert.Equal(64, prepared.MaxAutoPrepare);
        Assert.Equal(("db.internal", 5433, "workbench", "wb", "s3cret"),
            (prepared.Host, prepared.Port, prepared.Database, prepared.Username, prepared.Password));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=10", 10)]
    [InlineData("Host=db;max auto prepare=200", 200)]
    public void Prepare_KeepsTheOperatorsChoice(string connectionString, int expected) =>
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(PostgreSqlConnectionString.Prepare(connectionString)).MaxAutoPrepare);
}

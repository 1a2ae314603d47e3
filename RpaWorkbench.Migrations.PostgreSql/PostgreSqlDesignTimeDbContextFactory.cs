using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using RpaWorkbench.Core.Data;

namespace RpaWorkbench.Migrations.PostgreSql;

/// <summary>
/// Used by <c>dotnet ef migrations add --project RpaWorkbench.Migrations.PostgreSql</c> only: the context on Npgsql with
/// this assembly as its migrations assembly (no server is contacted to scaffold a migration).
/// </summary>
internal sealed class PostgreSqlDesignTimeDbContextFactory : IDesignTimeDbContextFactory<WorkbenchDbContext>
{
    public WorkbenchDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<WorkbenchDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=design_time", npgsql => npgsql.MigrationsAssembly(WorkbenchDatabase.PostgreSqlMigrationsAssembly))
            .Options);
}

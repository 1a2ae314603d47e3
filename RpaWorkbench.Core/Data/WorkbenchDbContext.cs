using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Tasks;

namespace RpaWorkbench.Core.Data;

public class WorkbenchDbContext(DbContextOptions<WorkbenchDbContext> options) : DbContext(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<RobotTask> Tasks => Set<RobotTask>();
    public DbSet<ExecutionLog> ExecutionLogs => Set<ExecutionLog>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Conventions.Replace<ForeignKeyIndexConvention>(services =>
            new UnindexedForeignKeyConvention(services.GetRequiredService<ProviderConventionSetBuilderDependencies>()));
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<AccountStatus>().HaveConversion<SnakeCaseEnumConverter<AccountStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<RobotTaskStatus>().HaveConversion<SnakeCaseEnumConverter<RobotTaskStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<ExecutionStatus>().HaveConversion<SnakeCaseEnumConverter<ExecutionStatus>>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(WorkbenchDbContext).Assembly);
    }
}

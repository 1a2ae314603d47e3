using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Conventions;
using Microsoft.EntityFrameworkCore.Metadata.Conventions.Infrastructure;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Alerts;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Core.Users.Sessions;
using RpaWorkbench.Core.Workflows;

namespace RpaWorkbench.Core.Data;

/// <summary>The Workbench's data, including Identity's users and roles (one database, one migration history).</summary>
public class WorkbenchDbContext(DbContextOptions<WorkbenchDbContext> options) : IdentityDbContext<WorkbenchUser>(options)
{
    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<RobotTask> Tasks => Set<RobotTask>();
    public DbSet<ExecutionLog> ExecutionLogs => Set<ExecutionLog>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DailyRollup> DailyRollups => Set<DailyRollup>();
    public DbSet<FailureRollup> FailureRollups => Set<FailureRollup>();
    public DbSet<FailureMessage> FailureMessages => Set<FailureMessage>();
    public DbSet<RollupState> RollupStates => Set<RollupState>();
    public DbSet<SignInThrottleEntry> SignInThrottles => Set<SignInThrottleEntry>();
    public DbSet<UserSession> UserSessions => Set<UserSession>();
    public DbSet<RobotGroup> RobotGroups => Set<RobotGroup>();
    public DbSet<DispatchRun> DispatchRuns => Set<DispatchRun>();
    public DbSet<Batch> Batches => Set<Batch>();
    public DbSet<BatchItem> BatchItems => Set<BatchItem>();
    public DbSet<Workflow> Workflows => Set<Workflow>();
    public DbSet<WorkflowVersion> WorkflowVersions => Set<WorkflowVersion>();
    public DbSet<WorkflowRun> WorkflowRuns => Set<WorkflowRun>();
    public DbSet<WorkflowStepRun> WorkflowStepRuns => Set<WorkflowStepRun>();
    public DbSet<WorkflowLogLine> WorkflowLogLines => Set<WorkflowLogLine>();
    public DbSet<AlertChannel> AlertChannels => Set<AlertChannel>();
    public DbSet<AlertRule> AlertRules => Set<AlertRule>();
    public DbSet<Alert> Alerts => Set<Alert>();
    public DbSet<AlertNotification> AlertNotifications => Set<AlertNotification>();

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        configurationBuilder.Conventions.Replace<ForeignKeyIndexConvention>(services =>
            new UnindexedForeignKeyConvention(services.GetRequiredService<ProviderConventionSetBuilderDependencies>()));
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcDateTimeConverter>();
        configurationBuilder.Properties<AccountStatus>().HaveConversion<SnakeCaseEnumConverter<AccountStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<RobotTaskStatus>().HaveConversion<SnakeCaseEnumConverter<RobotTaskStatus>>().HaveMaxLength(16);
        configurationBuilder.Properties<ExecutionStatus>().HaveConversion<SnakeCaseEnumConverter<ExecutionStatus>>().HaveMaxLength(16);
    }

    protected override void OnModelCreating(ModelBuilder builder)
    {
        base.OnModelCreating(builder);
        builder.ApplyConfigurationsFromAssembly(typeof(WorkbenchDbContext).Assembly);
        builder.HasDbFunction(typeof(SqlText).GetMethod(nameof(SqlText.Lower))!).HasName("lower").IsBuiltIn();
    }
}

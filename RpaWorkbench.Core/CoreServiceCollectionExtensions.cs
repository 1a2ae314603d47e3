using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Alerts.Channels;
using RpaWorkbench.Core.Alerts.Delivery;
using RpaWorkbench.Core.Alerts.Evaluation;
using RpaWorkbench.Core.ApiKeys;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Batches;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Demo;
using RpaWorkbench.Core.Diagnostics;
using RpaWorkbench.Core.Dispatch;
using RpaWorkbench.Core.Workflows;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Executions.Export;
using RpaWorkbench.Core.Executions.Retention;
using RpaWorkbench.Core.Groups;
using RpaWorkbench.Core.Live;
using RpaWorkbench.Core.Redis;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Robots.Simulation;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Storage.Proxy;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Tasks.Scheduling;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Core.Users.Sessions;
using RpaWorkbench.Core.Webhooks;

namespace RpaWorkbench.Core;

public static class CoreServiceCollectionExtensions
{
    /// <summary>Registers the database, options and Core services of every feature.</summary>
    public static IHostApplicationBuilder AddWorkbenchCore(this IHostApplicationBuilder builder)
    {
        builder.Services.AddWorkbenchCore(builder.Configuration, builder.Environment.ContentRootPath);
        return builder;
    }

    /// <summary>The same registrations for a plain service collection (component tests, benchmarks).</summary>
    public static IServiceCollection AddWorkbenchCore(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddWorkbenchMetrics();
        AddOptions(services);
        var databaseOptions = DatabaseOptions.Read(configuration);
        var configured = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (databaseOptions.Provider == DatabaseProvider.PostgreSQL)
        {
            AddPostgreSql(services, configured);
            AddStorage(services, contentRoot, SqliteConnectionString.DataDirectory(null, contentRoot));
        }
        else
        {
            var connectionString = SqliteConnectionString.Prepare(configured, contentRoot);
            AddSqlite(services, databaseOptions, connectionString);
            AddStorage(services, contentRoot, SqliteConnectionString.DataDirectory(connectionString, contentRoot));
        }

        AddFeatureServices(services);
        services.AddWorkbenchEvents(configuration);
        return services;
    }

    private static void AddOptions(IServiceCollection services)
    {
        services.AddTimeZoneOptions();
        services.AddAccountOptions();
        services.AddDatabaseOptions();
        services.AddSchedulerOptions();
        services.AddDemoOptions();
        services.AddWorkbenchAddressOptions();
        services.AddLogRetentionOptions();
        services.AddWebhookOptions();
        services.AddBootstrapOptions();
    }

    private static void AddSqlite(IServiceCollection services, DatabaseOptions databaseOptions, string connectionString)
    {
        services.AddDbContextFactory<WorkbenchDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmaInterceptor(databaseOptions)));
        if (databaseOptions.CheckpointInterval > TimeSpan.Zero)
        {
            services.AddHostedService<WalCheckpointer>();
        }

        services.AddSingleton<WalTail>();
        services.AddSingleton<IIngestStore, SqliteIngestStore>();
    }

    // The PostgreSQL migrations live in their own assembly (EF Core's layout for one context on two providers); the
    // Web host, the tests and the benchmarks reference it so it ships beside the Core.
    private static void AddPostgreSql(IServiceCollection services, string? connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{DatabaseOptions.ConnectionStringName} must be an Npgsql connection string when {DatabaseOptions.SectionName}:Provider is PostgreSQL, " +
                "e.g. Host=127.0.0.1;Port=5432;Database=workbench;Username=workbench;Password=...");
        }

        services.AddDbContextFactory<WorkbenchDbContext>(options => options
            .UseNpgsql(PostgreSqlConnectionString.Prepare(connectionString), npgsql => npgsql.MigrationsAssembly(WorkbenchDatabase.PostgreSqlMigrationsAssembly)));
        services.AddSingleton<IIngestStore, PostgreSqlIngestStore>();
    }

    // The store is chosen when it is first needed, from the validated options, so tests and configuration can switch it.
    private static void AddStorage(IServiceCollection services, string contentRoot, string dataFolder)
    {
        services.AddStorageOptions(contentRoot, dataFolder);
        services.AddSingleton<IObjectStore>(sp => sp.GetRequiredService<IOptions<StorageOptions>>().Value is { Provider: StorageProvider.S3 } o
            ? new S3ObjectStore(o.S3, sp.GetRequiredService<TimeProvider>())
            : ActivatorUtilities.CreateInstance<LocalFolderObjectStore>(sp));
        services.AddSingleton<ConfigFileRules>();
        services.AddSingleton<ConfigFileService>();
        // The Web host adds where the keys are kept; a Core on its own (tools, tests) gets the defaults.
        services.AddDataProtection();
        services.AddSingleton<ConfigFileLinks>();
        services.AddResourceProxy();
    }

    private static void AddFeatureServices(IServiceCollection services)
    {
        services.AddSingleton<OperatorTime>();
        services.AddSingleton<WorkbenchAddress>();
        services.AddRobotAgent();
        services.AddSingleton<DatabaseInitializer>();
        services.AddSingleton<DailyRollupRebuilder>();
        services.AddScoped<DashboardService>();
        services.AddSingleton<DemoSeeder>();
        services.AddSingleton<DemoHistory>();
        services.AddHostedService<WorkbenchStartup>();
        services.AddScoped<AuditTrail>();
        services.AddScoped<AuditQueryService>();
        services.AddScoped<AccountService>();
        services.AddScoped<RobotGroupService>();
        services.AddScoped<Alerts.Management.AlertChannelService>();
        services.AddBatches();
        services.AddScoped<TaskService>();
        services.AddScoped<ExecutionLogService>();
        services.AddScoped<FailureSummaryService>();
        services.AddSingleton<LogSeeder>();
        services.AddScoped<TaskRunService>();
        services.AddScoped<TaskConfigService>();
        services.AddScoped<ExecutionLogExport>();
        services.AddSingleton<RunWatchdog>();
        services.AddHostedService(sp => sp.GetRequiredService<RunWatchdog>());
        services.AddSingleton<ScheduleRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduleRunner>());
        services.AddSingleton<RunStartRequests>();
        services.AddDispatchQueue();
        services.AddWorkflows();
        services.AddAlertChannels();
        services.AddAlertDelivery();
        services.AddAlertEvaluation();
        services.AddScoped<Alerts.Management.AlertRuleService>();
        services.AddSingleton<LogRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<LogRetention>());
        services.AddWorkbenchIdentity();
        services.AddScoped<UserService>();
        services.AddSingleton<UserSessionStore>();
        services.AddScoped<SessionService>();
        services.AddSingleton<SessionCleanup>();
        services.AddHostedService(sp => sp.GetRequiredService<SessionCleanup>());

        services.AddSingleton<ApiKeyAuthenticator>();
        services.AddScoped<ApiKeyService>();

        services.AddSingleton<RobotTime>();
        services.AddSingleton<CallbackParser>();
        services.AddSingleton<ShadowBotCallbackParser>();
        // Its store, the provider's side of the ingest, is registered with the database (AddSqlite or AddPostgreSql).
        services.AddSingleton(sp => new CallbackBatchWriter(sp.GetRequiredService<IIngestStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CallbackIngestQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<CallbackIngestQueue>());
        services.AddSimulatedRobot();
    }
}

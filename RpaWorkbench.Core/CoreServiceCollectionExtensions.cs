using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Audit;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Dashboard;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Demo;
using RpaWorkbench.Core.Executions;
using RpaWorkbench.Core.Executions.Export;
using RpaWorkbench.Core.Executions.Retention;
using RpaWorkbench.Core.Redis;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Robots.Simulation;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Tasks;
using RpaWorkbench.Core.Tasks.Scheduling;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Storage.Proxy;
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
        services.AddOptions<TimeZoneOptions>().BindConfiguration(TimeZoneOptions.SectionName)
            .Validate(o => IsKnownTimeZone(o.TimeZone), "Workbench:TimeZone is not a time zone id this machine knows (e.g. Asia/Shanghai).")
            .ValidateOnStart();
        services.AddOptions<AccountOptions>().BindConfiguration(AccountOptions.SectionName)
            .Validate(o => o.OfflineAfter > TimeSpan.Zero, "Workbench:Accounts:OfflineAfter must be positive.")
            .ValidateOnStart();
        services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.SectionName)
            .Validate(o => Enum.IsDefined(o.Provider), "Workbench:Database:Provider must be Sqlite or PostgreSQL.")
            .Validate(o => o.BusyTimeout >= TimeSpan.Zero && o.BusyTimeout <= TimeSpan.FromMinutes(5), "Workbench:Database:BusyTimeout must be between 0 and 5 minutes.")
            .Validate(o => o.CheckpointInterval >= TimeSpan.Zero && o.CheckpointInterval <= TimeSpan.FromMinutes(1), "Workbench:Database:CheckpointInterval must be between 0 and 1 minute.")
            .ValidateOnStart();
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.SectionName)
            .Validate(o => o.IsValid, "Workbench:Scheduler:PollInterval must be more than 0 and at most 1 minute.")
            .ValidateOnStart();
        services.AddOptions<DemoOptions>().BindConfiguration(DemoOptions.SectionName);
        services.AddOptions<WorkbenchAddressOptions>().BindConfiguration(WorkbenchAddressOptions.SectionName)
            .Validate(o => o.IsValid, "Workbench:PublicBaseUrl must be an absolute http or https URL without query, e.g. http://10.0.0.5:5000/.")
            .ValidateOnStart();
        services.AddOptions<LogRetentionOptions>().BindConfiguration(LogRetentionOptions.SectionName)
            .Validate(o => o.RetentionDays is null or >= 1, "Workbench:Logs:RetentionDays must be at least 1 (leave it empty to keep every log).")
            .Validate(o => o.RetentionInterval > TimeSpan.Zero, "Workbench:Logs:RetentionInterval must be positive.")
            .Validate(o => o.RetentionBatchSize is >= 1 and <= 100_000, "Workbench:Logs:RetentionBatchSize must be between 1 and 100000.")
            .Validate(o => o.RetentionPause >= TimeSpan.Zero, "Workbench:Logs:RetentionPause must not be negative.")
            .ValidateOnStart();
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.SectionName)
            .Validate(o => IsKnownTimeZone(o.RobotTimeZone), "Workbench:Webhooks:RobotTimeZone is not a time zone id this machine knows.")
            .Validate(o => o.MaxBatchSize is >= 1 and <= 10_000, "Workbench:Webhooks:MaxBatchSize must be between 1 and 10000.")
            .Validate(o => o.DurationTolerance >= TimeSpan.Zero, "Workbench:Webhooks:DurationTolerance must not be negative.")
            .ValidateOnStart();
        services.AddOptions<BootstrapOptions>().BindConfiguration(BootstrapOptions.SectionName)
            .Validate(o => o.WebhookApiKey is null || o.WebhookApiKey.Length >= ApiKeySecret.MinLength,
                $"Workbench:Bootstrap:WebhookApiKey must be at least {ApiKeySecret.MinLength} characters.")
            .Validate(o => o.AdminSettingsComplete, "Workbench:Bootstrap:AdminUser and Workbench:Bootstrap:AdminPassword must be set together.")
            .ValidateOnStart();
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
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.SectionName)
            .PostConfigure(o => o.LocalRoot = Path.GetFullPath(
                string.IsNullOrWhiteSpace(o.LocalRoot) ? Path.Combine(dataFolder, StorageOptions.DefaultLocalFolder) : o.LocalRoot,
                contentRoot))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>();
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
        services.AddScoped<TaskService>();
        services.AddScoped<ExecutionLogService>();
        services.AddSingleton<LogSeeder>();
        services.AddScoped<TaskRunService>();
        services.AddScoped<TaskConfigService>();
        services.AddScoped<ExecutionLogExport>();
        services.AddSingleton<RunWatchdog>();
        services.AddHostedService(sp => sp.GetRequiredService<RunWatchdog>());
        services.AddSingleton<ScheduleRunner>();
        services.AddHostedService(sp => sp.GetRequiredService<ScheduleRunner>());
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
        // Its store, the provider's side of the ingest, is registered with the database (AddSqlite or AddPostgreSql).
        services.AddSingleton(sp => new CallbackBatchWriter(sp.GetRequiredService<IIngestStore>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CallbackIngestQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<CallbackIngestQueue>());
        services.AddSimulatedRobot();
    }

    private static bool IsKnownTimeZone(string id) => TimeZoneInfo.TryFindSystemTimeZoneById(id, out _);
}

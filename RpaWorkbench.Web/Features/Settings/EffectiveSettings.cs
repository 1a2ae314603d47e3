using System.Globalization;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;
using Npgsql;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using RpaWorkbench.Core.Accounts;
using RpaWorkbench.Core.Common;
using RpaWorkbench.Core.Data;
using RpaWorkbench.Core.Demo;
using RpaWorkbench.Core.Executions.Retention;
using RpaWorkbench.Core.Redis;
using RpaWorkbench.Core.Robots;
using RpaWorkbench.Core.Robots.Simulation;
using RpaWorkbench.Core.Security;
using RpaWorkbench.Core.Storage;
using RpaWorkbench.Core.Storage.Proxy;
using RpaWorkbench.Core.Tasks.Scheduling;
using RpaWorkbench.Core.Time;
using RpaWorkbench.Core.Users;
using RpaWorkbench.Core.Webhooks;
using RpaWorkbench.Web.Features.Security;
using RpaWorkbench.Web.Features.Webhooks;

namespace RpaWorkbench.Web.Features.Settings;

/// <summary>One configuration value as the Workbench uses it: a label (resource key), the configuration key, the value.</summary>
public sealed record Setting(string Label, string Key, string Value, bool IsSecret = false);

/// <summary>Settings of one area, under a title (resource key).</summary>
public sealed record SettingGroup(string Title, IReadOnlyList<Setting> Settings);

/// <summary>
/// The effective configuration, read from the bound options (defaults and overrides applied), for the settings page;
/// admins only. Secrets are never read out: only whether they are set. The database is shown by provider and file,
/// never by its connection string (which may hold a password). A feature that adds options adds its group here.
/// </summary>
public sealed class EffectiveSettings(
    ICurrentUser user,
    IOptions<TimeZoneOptions> timeZone,
    IOptions<AccountOptions> accounts,
    IOptions<WorkbenchAddressOptions> address,
    IOptions<RobotOptions> robots,
    IOptions<SimulatedRobotOptions> simulation,
    IOptions<SchedulerOptions> scheduler,
    IOptions<WebhookOptions> webhooks,
    IOptions<WebhookRateLimitOptions> webhookRate,
    IOptions<StorageOptions> storage,
    IOptions<ResourceProxyOptions> resourceProxy,
    IOptions<LogRetentionOptions> logs,
    IOptions<DatabaseOptions> database,
    IOptions<DemoOptions> demo,
    IOptions<BootstrapOptions> bootstrap,
    IOptions<IdentityOptions> identity,
    IOptions<SignInThrottleOptions> throttle,
    IOptions<Security.SignInOptions> signIn,
    IOptions<ProxyOptions> forwardedHeaders,
    IOptionsMonitor<CookieAuthenticationOptions> cookies,
    IDbContextFactory<WorkbenchDbContext> contexts,
    IOptions<RedisOptions> redis,
    IOptions<KeyManagementOptions> keyRing,
    IConfiguration configuration)
{
    public const string SecretSet = "set";
    public const string SecretNotSet = "not set";

    /// <summary>The value shown when no retention is configured: every log is kept.</summary>
    public const string RetentionOff = "off";

    /// <summary>The value shown for Redis when none is configured: one instance, events and keys kept locally.</summary>
    public const string RedisOff = "off (single instance)";

    /// <summary>Every group, in the order the page shows them.</summary>
    public IReadOnlyList<SettingGroup> Read()
    {
        user.RequireAdminister();
        return
        [
            General(), PublicAddress(), Robots(), Scheduler(), Webhooks(), Logs(), Storage(), ResourceProxy(), Database(),
            Redis(), SignIn(), ForwardedHeaders(), Passwords(), Bootstrap(),
        ];
    }

    private SettingGroup General() => new("Settings.General",
    [
        new("Settings.TimeZone", "Workbench:TimeZone", timeZone.Value.TimeZone),
        new("Settings.OfflineAfter", "Workbench:Accounts:OfflineAfter", Text(accounts.Value.OfflineAfter)),
        new("Settings.Demo", "Workbench:Demo", Text(demo.Value.Demo)),
    ]);

    private SettingGroup PublicAddress() => new("Settings.PublicAddress",
    [
        new("Settings.PublicBaseUrl", "Workbench:PublicBaseUrl", Text(address.Value.PublicBaseUrl)),
    ]);

    private SettingGroup Robots()
    {
        var (r, sim) = (robots.Value, simulation.Value);
        return new SettingGroup("Settings.Robots",
        [
            new("Settings.RobotMode", "Workbench:Robots:Mode", r.Mode.ToString()),
            new("Settings.TunnelBaseUrl", "Workbench:Robots:TunnelBaseUrl", Text(r.TunnelBaseUrl)),
            new("Settings.StartPath", "Workbench:Robots:StartPath", r.StartPath),
            new("Settings.StopPath", "Workbench:Robots:StopPath", r.StopPath),
            new("Settings.AttemptTimeout", "Workbench:Robots:AttemptTimeout", Text(r.AttemptTimeout)),
            new("Settings.MaxRetries", "Workbench:Robots:MaxRetries", Text(r.MaxRetries)),
            new("Settings.RetryDelay", "Workbench:Robots:RetryDelay", Text(r.RetryDelay)),
            new("Settings.RunTimeout", "Workbench:Robots:RunTimeout", Text(r.RunTimeout)),
            new("Settings.StopTimeout", "Workbench:Robots:StopTimeout", Text(r.StopTimeout)),
            new("Settings.WatchdogInterval", "Workbench:Robots:WatchdogInterval", Text(r.WatchdogInterval)),
            new("Settings.SimulatedConfirmDelay", "Workbench:Robots:Simulation:ConfirmDelay", Text(sim.ConfirmDelay)),
            new("Settings.SimulatedMinRunDuration", "Workbench:Robots:Simulation:MinRunDuration", Text(sim.MinRunDuration)),
            new("Settings.SimulatedMaxRunDuration", "Workbench:Robots:Simulation:MaxRunDuration", Text(sim.MaxRunDuration)),
            new("Settings.SimulatedFailureRate", "Workbench:Robots:Simulation:FailureRate", sim.FailureRate.ToString(CultureInfo.InvariantCulture)),
            new("Settings.SimulatedHeartbeatInterval", "Workbench:Robots:Simulation:HeartbeatInterval", Text(sim.HeartbeatInterval)),
        ]);
    }

    private SettingGroup Scheduler() => new("Settings.Scheduler",
    [
        new("Settings.SchedulerEnabled", "Workbench:Scheduler:Enabled", Text(scheduler.Value.Enabled)),
        new("Settings.PollInterval", "Workbench:Scheduler:PollInterval", Text(scheduler.Value.PollInterval)),
    ]);

    private SettingGroup Webhooks() => new("Settings.Webhooks",
    [
        new("Settings.RobotTimeZone", "Workbench:Webhooks:RobotTimeZone", webhooks.Value.RobotTimeZone),
        new("Settings.DurationTolerance", "Workbench:Webhooks:DurationTolerance", Text(webhooks.Value.DurationTolerance)),
        new("Settings.MaxBatchSize", "Workbench:Webhooks:MaxBatchSize", Text(webhooks.Value.MaxBatchSize)),
        new("Settings.RatePermitsPerSecond", "Workbench:Webhooks:RateLimit:PermitsPerSecond", Text(webhookRate.Value.PermitsPerSecond)),
        new("Settings.RateBurst", "Workbench:Webhooks:RateLimit:Burst", Text(webhookRate.Value.Burst)),
    ]);

    private SettingGroup Storage()
    {
        var (o, s3) = (storage.Value, storage.Value.S3);
        return new SettingGroup("Settings.Storage",
        [
            new("Settings.StorageProvider", "Workbench:Storage:Provider", o.Provider.ToString()),
            new("Settings.LocalRoot", "Workbench:Storage:LocalRoot", o.LocalRoot ?? ""),
            new("Settings.MaxConfigFileBytes", "Workbench:Storage:MaxConfigFileBytes", Text(o.MaxConfigFileBytes)),
            new("Settings.ConfigFileExtensions", "Workbench:Storage:ConfigFileExtensions", Text(o.ConfigFileExtensions ?? StorageOptions.DefaultConfigFileExtensions)),
            new("Settings.ConfigUrlLifetime", "Workbench:Storage:ConfigUrlLifetime", Text(o.ConfigUrlLifetime)),
            new("Settings.S3ServiceUrl", "Workbench:Storage:S3:ServiceUrl", s3.ServiceUrl ?? ""),
            new("Settings.S3Bucket", "Workbench:Storage:S3:Bucket", s3.Bucket ?? ""),
            new("Settings.S3Region", "Workbench:Storage:S3:Region", s3.Region),
            new("Settings.S3ForcePathStyle", "Workbench:Storage:S3:ForcePathStyle", Text(s3.ForcePathStyle)),
            new("Settings.S3PresignExpiry", "Workbench:Storage:S3:PresignExpiry", Text(s3.PresignExpiry)),
            SecretState("Settings.S3AccessKey", "Workbench:Storage:S3:AccessKey", s3.AccessKey),
            SecretState("Settings.S3SecretKey", "Workbench:Storage:S3:SecretKey", s3.SecretKey),
        ]);
    }

    private SettingGroup ResourceProxy() => new("Settings.ResourceProxy",
    [
        new("Settings.ProxyAllowedHosts", "Workbench:Storage:ProxyAllowedHosts", Text(resourceProxy.Value.ProxyAllowedHosts)),
        new("Settings.ProxyAllowedNetworks", "Workbench:Storage:ProxyAllowedNetworks", Text(resourceProxy.Value.ProxyAllowedNetworks)),
        new("Settings.ProxyMaxBytes", "Workbench:Storage:ProxyMaxBytes", Text(resourceProxy.Value.ProxyMaxBytes)),
        new("Settings.ProxyTimeout", "Workbench:Storage:ProxyTimeout", Text(resourceProxy.Value.ProxyTimeout)),
        new("Settings.ProxyMaxRedirects", "Workbench:Storage:ProxyMaxRedirects", Text(resourceProxy.Value.ProxyMaxRedirects)),
    ]);

    private SettingGroup Logs() => new("Settings.Logs",
    [
        new("Settings.RetentionDays", "Workbench:Logs:RetentionDays", logs.Value.RetentionDays is { } days ? Text(days) : RetentionOff),
        new("Settings.RetentionInterval", "Workbench:Logs:RetentionInterval", Text(logs.Value.RetentionInterval)),
        new("Settings.RetentionBatchSize", "Workbench:Logs:RetentionBatchSize", Text(logs.Value.RetentionBatchSize)),
        new("Settings.RetentionPause", "Workbench:Logs:RetentionPause", Text(logs.Value.RetentionPause)),
    ]);

    private SettingGroup Database()
    {
        using var db = contexts.CreateDbContext();
        var settings = new List<Setting> { new("Settings.DatabaseProvider", "Workbench:Database:Provider", database.Value.Provider.ToString()) };
        // Only where the data is: the rest of a connection string may carry a password.
        if (db.Database.IsSqlite())
        {
            settings.Add(new("Settings.DataFile", "ConnectionStrings:Workbench", new SqliteConnectionStringBuilder(db.Database.GetConnectionString()).DataSource));
            settings.Add(new("Settings.BusyTimeout", "Workbench:Database:BusyTimeout", Text(database.Value.BusyTimeout)));
            settings.Add(new("Settings.CheckpointInterval", "Workbench:Database:CheckpointInterval", Text(database.Value.CheckpointInterval)));
        }
        else
        {
            var server = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString());
            settings.Add(new("Settings.DatabaseServer", "ConnectionStrings:Workbench", $"{server.Username}@{server.Host}:{server.Port}/{server.Database}"));
        }

        return new SettingGroup("Settings.Database", settings);
    }

    // The servers and whether a password is set; never the connection string itself.
    private SettingGroup Redis()
    {
        var key = $"ConnectionStrings:{RedisOptions.ConnectionStringName}";
        var connectionString = RedisOptions.ConnectionString(configuration);
        var keys = keyRing.Value.XmlRepository switch
        {
            FileSystemXmlRepository folder => folder.Directory.FullName,
            null => "",
            _ => $"Redis: {redis.Value.DataProtectionKey}",
        };
        return new SettingGroup("Settings.Redis",
        [
            new("Settings.RedisServers", key, connectionString is null ? RedisOff : RedisConnector.Describe(connectionString)),
            SecretState("Settings.RedisPassword", key, connectionString is null ? null : RedisConnector.Password(connectionString)),
            new("Settings.RedisPrefix", "Workbench:Redis:Prefix", redis.Value.Prefix),
            new("Settings.RedisEventsChannel", "", connectionString is null ? RedisOff : redis.Value.EventsChannel),
            new("Settings.RedisStartTimeout", "Workbench:Redis:StartTimeout", Text(redis.Value.StartTimeout)),
            new("Settings.DataProtectionKeys", "Workbench:DataProtection:KeysDirectory", keys),
        ]);
    }

    private SettingGroup SignIn() => new("Settings.SignIn",
    [
        new("Settings.MaxAttempts", "Workbench:SignIn:MaxAttempts", Text(signIn.Value.MaxAttempts)),
        new("Settings.AttemptWindow", "Workbench:SignIn:AttemptWindow", Text(signIn.Value.AttemptWindow)),
        new("Settings.SessionLifetime", "", Text(cookies.Get(IdentityConstants.ApplicationScheme).ExpireTimeSpan)),
        new("Settings.SessionCheck", "", Text(SecuritySetup.RevalidationInterval)),
    ]);

    private SettingGroup ForwardedHeaders() => new("Settings.ForwardedHeaders",
    [
        new("Settings.ForwardedHeadersEnabled", "Workbench:ForwardedHeaders:Enabled", Text(forwardedHeaders.Value.Enabled)),
        new("Settings.KnownProxies", "Workbench:ForwardedHeaders:KnownProxies", Text(forwardedHeaders.Value.KnownProxies)),
        new("Settings.KnownNetworks", "Workbench:ForwardedHeaders:KnownNetworks", Text(forwardedHeaders.Value.KnownNetworks)),
    ]);

    private SettingGroup Passwords()
    {
        var (password, waits) = (identity.Value.Password, throttle.Value);
        return new SettingGroup("Settings.Passwords",
        [
            new("Settings.RequiredLength", "Workbench:Identity:Password:RequiredLength", Text(password.RequiredLength)),
            new("Settings.RequireDigit", "Workbench:Identity:Password:RequireDigit", Text(password.RequireDigit)),
            new("Settings.RequireLowercase", "Workbench:Identity:Password:RequireLowercase", Text(password.RequireLowercase)),
            new("Settings.RequireUppercase", "Workbench:Identity:Password:RequireUppercase", Text(password.RequireUppercase)),
            new("Settings.RequireNonAlphanumeric", "Workbench:Identity:Password:RequireNonAlphanumeric", Text(password.RequireNonAlphanumeric)),
            new("Settings.RequiredUniqueChars", "Workbench:Identity:Password:RequiredUniqueChars", Text(password.RequiredUniqueChars)),
            new("Settings.FreeFailuresPerAddress", "Workbench:SignIn:Throttle:FreeFailuresPerAddress", Text(waits.FreeFailuresPerAddress)),
            new("Settings.FreeFailuresPerUser", "Workbench:SignIn:Throttle:FreeFailuresPerUser", Text(waits.FreeFailuresPerUser)),
            new("Settings.ThrottleFirstDelay", "Workbench:SignIn:Throttle:FirstDelay", Text(waits.FirstDelay)),
            new("Settings.MaxAddressDelay", "Workbench:SignIn:Throttle:MaxAddressDelay", Text(waits.MaxAddressDelay)),
            new("Settings.MaxUserDelay", "Workbench:SignIn:Throttle:MaxUserDelay", Text(waits.MaxUserDelay)),
            new("Settings.ThrottleForgetAfter", "Workbench:SignIn:Throttle:ForgetAfter", Text(waits.ForgetAfter)),
        ]);
    }

    private SettingGroup Bootstrap() => new("Settings.Bootstrap",
    [
        new("Settings.BootstrapAdminUser", "Workbench:Bootstrap:AdminUser", bootstrap.Value.AdminUser ?? ""),
        SecretState("Settings.BootstrapAdminPassword", "Workbench:Bootstrap:AdminPassword", bootstrap.Value.AdminPassword),
        SecretState("Settings.BootstrapWebhookApiKey", "Workbench:Bootstrap:WebhookApiKey", bootstrap.Value.WebhookApiKey),
    ]);

    private static Setting SecretState(string label, string key, string? secret) =>
        new(label, key, string.IsNullOrEmpty(secret) ? SecretNotSet : SecretSet, IsSecret: true);

    private static string Text(TimeSpan value) => value.ToString("c", CultureInfo.InvariantCulture);

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Text(Uri? value) => value?.ToString() ?? "";

    private static string Text(IEnumerable<string> values) => string.Join(", ", values);

    private static string Text(bool value) => value ? "true" : "false";
}
